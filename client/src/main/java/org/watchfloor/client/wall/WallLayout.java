package org.watchfloor.client.wall;

import java.util.ArrayList;
import java.util.List;

/**
 * How a wall divides its space: an n x n grid, or one or two large tiles with small ones around
 * them. Each cell is a tile; tile i of the wall sits in cell i.
 */
public enum WallLayout implements TileGrid {
  GRID_1("1x1", 1),
  GRID_2("2x2", 2),
  GRID_3("3x3", 3),
  GRID_4("4x4", 4),
  GRID_5("5x5", 5),
  /** One large tile (2x2 of a 3x3 grid) and five small ones along the right and bottom. */
  LARGE_1_PLUS_5("1 large + 5", 3, new Cell(0, 0, 2)),
  /** One large tile (3x3 of a 4x4 grid) and seven small ones. */
  LARGE_1_PLUS_7("1 large + 7", 4, new Cell(0, 0, 3)),
  /** Two large tiles side by side (2x2 each of a 4x4 grid) and eight small ones below. */
  LARGE_2_PLUS_8("2 large + 8", 4, new Cell(0, 0, 2), new Cell(2, 0, 2));

  /** A tile's place: column and row of its top-left grid square, and how many squares it spans each way. */
  public record Cell(int column, int row, int span) {}

  private final String label;
  private final int grid;
  private final List<Cell> cells;

  WallLayout(String label, int grid, Cell... large) {
    this.label = label;
    this.grid = grid;
    this.cells = cells(grid, List.of(large));
  }

  /** The large cells first, then every grid square they leave free, row by row. */
  private static List<Cell> cells(int grid, List<Cell> large) {
    List<Cell> all = new ArrayList<>(large);
    boolean[][] taken = new boolean[grid][grid];
    for (Cell cell : large) {
      for (int c = cell.column(); c < cell.column() + cell.span(); c++) {
        for (int r = cell.row(); r < cell.row() + cell.span(); r++) {
          taken[c][r] = true;
        }
      }
    }
    for (int r = 0; r < grid; r++) {
      for (int c = 0; c < grid; c++) {
        if (!taken[c][r]) {
          all.add(new Cell(c, r, 1));
        }
      }
    }
    return List.copyOf(all);
  }

  public String label() {
    return label;
  }

  /** Squares along each side. */
  public int grid() {
    return grid;
  }

  @Override
  public List<Cell> cells() {
    return cells;
  }

  @Override
  public int columns() {
    return grid;
  }

  @Override
  public int rows() {
    return grid;
  }

  @Override
  public String toString() {
    return label;
  }
}
