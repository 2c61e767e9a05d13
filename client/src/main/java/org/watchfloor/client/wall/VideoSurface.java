package org.watchfloor.client.wall;

import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;

/**
 * A tile's picture: the newest frame fitted to the tile, drawn pixel for pixel when libVLC already
 * scaled it to within a pixel or two of that (its sizes are even), because software rendering redraws
 * a frame scaled by even 1.003 through a filter, several times the cost of a 1:1 copy. Live and
 * replay tiles both show their video through it.
 */
public final class VideoSurface extends ImageView {

  private final Region tile;

  /** A surface filling {@code tile}; bind or set its image. */
  public VideoSurface(Region tile) {
    this.tile = tile;
    setPreserveRatio(true);
    setMouseTransparent(true);
    imageProperty().addListener((observable, before, frame) -> fit());
    tile.widthProperty().addListener((observable, before, width) -> fit());
    tile.heightProperty().addListener((observable, before, height) -> fit());
  }

  private void fit() {
    double width = tile.getWidth();
    double height = tile.getHeight();
    Image frame = getImage();
    if (frame != null) {
      double scale = outputScale(tile);
      double frameWidth = frame.getWidth() / scale;
      double frameHeight = frame.getHeight() / scale;
      double factor = Math.min(width / frameWidth, height / frameHeight);
      if (factor >= 1 && factor < 1.01) {
        width = frameWidth;
        height = frameHeight;
      }
    }
    setFitWidth(width);
    setFitHeight(height);
  }

  /** Device pixels per layout pixel of {@code node}'s window (1 before it has one). */
  public static double outputScale(Region node) {
    return node.getScene() == null || node.getScene().getWindow() == null ? 1 : node.getScene().getWindow().getOutputScaleX();
  }
}
