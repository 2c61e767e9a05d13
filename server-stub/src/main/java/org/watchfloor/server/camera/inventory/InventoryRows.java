package org.watchfloor.server.camera.inventory;

import java.util.List;
import org.watchfloor.server.camera.inventory.ParsedInventory.SkippedElement;

/** What a format reader found in a file: its camera records and the elements it passed over. */
record InventoryRows(List<InventoryRow> rows, List<SkippedElement> skipped) {

  InventoryRows {
    rows = List.copyOf(rows);
    skipped = List.copyOf(skipped);
  }
}
