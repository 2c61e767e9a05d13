package org.watchfloor.client.replay;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.layout.Region;
import org.watchfloor.client.wall.WallView;

/** The replay's tiles laid out by the wall's layouts (or one filling the area), as the live wall lays out its own. */
public final class ReplayWallView extends Region {

  private final Replay replay;
  private final List<ReplayTileView> tiles = new ArrayList<>();

  public ReplayWallView(Replay replay) {
    this.replay = replay;
    getStyleClass().add("wall");
    for (int i = 0; i < replay.tiles().size(); i++) {
      ReplayTileView tile = new ReplayTileView(replay, i);
      tiles.add(tile);
      getChildren().add(tile);
    }
    replay.layoutProperty().addListener((observable, before, after) -> requestLayout());
    replay.fillingProperty().addListener((observable, before, after) -> requestLayout());
  }

  @Override
  protected void layoutChildren() {
    replay.layoutProperty().get().layOut(tiles, replay.fillingProperty().get(), snappedLeftInset(), snappedTopInset(),
        getWidth() - snappedLeftInset() - snappedRightInset(), getHeight() - snappedTopInset() - snappedBottomInset(), WallView.GAP);
  }

  @Override
  protected double computePrefWidth(double height) {
    return 960;
  }

  @Override
  protected double computePrefHeight(double width) {
    return 540;
  }
}
