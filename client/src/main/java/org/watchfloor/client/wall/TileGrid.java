package org.watchfloor.client.wall;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;

/**
 * How a wall places its tiles: a grid of columns x rows squares, tile i in cell i. The wall's own
 * layouts ({@link WallLayout}) are square; a reopened evidence package brings the grid it was
 * exported with, which need not be.
 */
public interface TileGrid {

  /** Squares across. */
  int columns();

  /** Squares down. */
  int rows();

  /** The tiles' places, tile i in cell i. */
  List<WallLayout.Cell> cells();

  default int tiles() {
    return cells().size();
  }

  /**
   * Places {@code tiles} (tile i in cell i) in the area at ({@code left}, {@code top}) of {@code width} x
   * {@code height}, hiding those the grid does not show; the live and the replay wall both lay out so.
   */
  default void layOut(List<? extends Node> tiles, int filling, double left, double top, double width, double height, double gap) {
    for (int i = 0; i < tiles.size(); i++) {
      Node tile = tiles.get(i);
      Optional<Rectangle2D> bounds = tileBounds(i, filling, width, height, gap);
      tile.setVisible(bounds.isPresent());
      bounds.ifPresent(cell -> tile.resizeRelocate(left + cell.getMinX(), top + cell.getMinY(), cell.getWidth(), cell.getHeight()));
    }
  }

  /**
   * Where tile {@code index} sits in an area of {@code width} x {@code height} with {@code gap}
   * between tiles, when {@code filling} (or -1) fills the area alone; empty when it is not shown.
   */
  default Optional<Rectangle2D> tileBounds(int index, int filling, double width, double height, double gap) {
    if (index >= tiles() || (filling >= 0 && filling != index)) {
      return Optional.empty();
    }
    if (filling == index) {
      return Optional.of(new Rectangle2D(0, 0, width, height));
    }
    double cellWidth = (width + gap) / columns();
    double cellHeight = (height + gap) / rows();
    WallLayout.Cell cell = cells().get(index);
    return Optional.of(new Rectangle2D(Math.round(cell.column() * cellWidth), Math.round(cell.row() * cellHeight),
        Math.round(cell.span() * cellWidth - gap), Math.round(cell.span() * cellHeight - gap)));
  }
}
