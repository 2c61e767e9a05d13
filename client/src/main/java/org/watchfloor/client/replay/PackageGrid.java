package org.watchfloor.client.replay;

import java.util.List;
import org.watchfloor.client.wall.TileGrid;
import org.watchfloor.client.wall.WallLayout;

/**
 * The wall an evidence package was exported with ({@code replay-layout.json}): its columns and
 * rows, and each tile's square, tile i in cell i. Offered beside the wall's own layouts when the
 * package is reopened, and chosen first.
 */
public record PackageGrid(int columns, int rows, List<WallLayout.Cell> cells) implements TileGrid {

  public PackageGrid {
    cells = List.copyOf(cells);
  }

  @Override
  public String toString() {
    return "as exported (" + columns + "x" + rows + ")";
  }
}
