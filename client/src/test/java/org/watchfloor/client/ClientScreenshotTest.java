package org.watchfloor.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.client.app.WatchfloorClient;
import org.watchfloor.server.Broker;
import org.watchfloor.server.ServerSettings;

/**
 * The real client, in its own process on a real X display (Xvfb under ./watchfloor test), against
 * the demo broker: a screenshot must show camera markers in the map's colours where the map is.
 * The picture is kept in target/screenshots for a person to look at.
 */
class ClientScreenshotTest {

  @TempDir Path dataDir;

  @Test
  void theDemoMapShowsCameraMarkersOnScreen() throws Exception {
    Assumptions.assumeTrue(System.getenv("DISPLAY") != null, "no X display: run under ./watchfloor test (Xvfb)");
    try (Broker broker = Broker.start(new ServerSettings(dataDir, 0, 0, "127.0.0.1", Optional.empty(), true))) {
      Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
      Process client =
          new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"), WatchfloorClient.class.getName(),
                  "--server", "127.0.0.1:" + broker.server().grpcPort(),
                  "--credentials", dataDir.resolve("demo-credentials.json").toString(), "--user", "ana")
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolve("client.log").toFile())
              .start();
      try {
        BufferedImage screen = null;
        int markerPixels = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (System.nanoTime() < deadline && markerPixels < 400) {
          Thread.sleep(1000);
          assertTrue(client.isAlive(), "the client exited: " + Files.readString(dataDir.resolve("client.log")));
          java.awt.Dimension size = java.awt.Toolkit.getDefaultToolkit().getScreenSize();
          screen = new Robot().createScreenCapture(new Rectangle(size));
          markerPixels = markerPixels(screen);
        }
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        ImageIO.write(screen, "png", shots.resolve("client-map.png").toFile());
        assertTrue(markerPixels >= 400, "camera-marker colours on screen: " + markerPixels + " pixels (see target/screenshots/client-map.png)");
      } finally {
        client.destroy();
        client.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Pixels in the traffic green, CCTV blue or plate-reader orange of the markers and clusters. */
  private static int markerPixels(BufferedImage image) {
    int[][] colours = {{0x3f, 0xb9, 0x50}, {0x58, 0xa6, 0xff}, {0xf0, 0x88, 0x3e}};
    int count = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        for (int[] colour : colours) {
          if (Math.abs(r - colour[0]) < 12 && Math.abs(g - colour[1]) < 12 && Math.abs(b - colour[2]) < 12) {
            count++;
          }
        }
      }
    }
    return count;
  }
}
