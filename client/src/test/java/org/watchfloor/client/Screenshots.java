package org.watchfloor.client;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Screenshots for the README taken from a test: a node's picture as the scene paints it, saved as PNG. */
public final class Screenshots {

  private Screenshots() {}

  /** Saves {@code node}'s snapshot to {@code png}; call off the FX thread. */
  public static void save(Node node, Path png) throws Exception {
    Image image = WaitForAsyncUtils.asyncFx(() -> node.snapshot(null, null)).get(10, TimeUnit.SECONDS);
    BufferedImage picture = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < picture.getHeight(); y++) {
      for (int x = 0; x < picture.getWidth(); x++) {
        picture.setRGB(x, y, image.getPixelReader().getArgb(x, y));
      }
    }
    ImageIO.write(picture, "png", png.toFile());
  }
}
