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
 * the demo broker, started as the demo starts it: the screen must show camera markers in the map's
 * colours, and a 3x3 wall whose nine tiles all show real video that moves (two screenshots 1.5 s
 * apart differ in every ninth of the wall, and each ninth shows a picture, not text on a plain
 * ground). The picture is kept in target/screenshots for a person to look at.
 */
class ClientScreenshotTest {

  /** The status bar's clock changes every second too: leave the bottom of the screen out. */
  private static final int STATUS_BAR = 48;
  /** Grey levels, each on at least 0.2% of a tile, that a real picture shows. */
  private static final int PICTURE_LEVELS = 40;
  /** Changed samples a column or row of the screen needs to count as part of the moving wall. */
  private static final int MOVING_LINE = 12;

  @TempDir Path dataDir;

  @Test
  void theDemoShowsCameraMarkersAndANineTileWallOfMovingVideo() throws Exception {
    Assumptions.assumeTrue(System.getenv("DISPLAY") != null, "no X display: run under ./watchfloor test (Xvfb)");
    try (Broker broker = Broker.start(new ServerSettings(dataDir, 0, 0, "127.0.0.1", Optional.empty(), true))) {
      Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
      Process client =
          new ProcessBuilder(javaBinary.toString(), "-cp", System.getProperty("java.class.path"), WatchfloorClient.class.getName(),
                  "--server", "127.0.0.1:" + broker.server().grpcPort(),
                  "--credentials", dataDir.resolve("demo-credentials.json").toString(), "--user", "ana",
                  "--workspace", dataDir.resolve("workspace.json").toString(), "--first-run-wall", "NEAREST_INCIDENT")
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolve("client.log").toFile())
              .start();
      try {
        BufferedImage before = null;
        BufferedImage after = null;
        int markerPixels = 0;
        String wall = "not looked at yet";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !(markerPixels >= 400 && wall.isEmpty())) {
          Thread.sleep(1000);
          assertTrue(client.isAlive(), "the client exited: " + Files.readString(dataDir.resolve("client.log")));
          before = screen();
          Thread.sleep(1500);
          after = screen();
          markerPixels = markerPixels(after);
          wall = wallProblems(before, after);
        }
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        ImageIO.write(after, "png", shots.resolve("client-map-and-wall.png").toFile());
        assertTrue(markerPixels >= 400, "camera-marker colours on screen: " + markerPixels + " pixels (see target/screenshots/client-map-and-wall.png)");
        assertTrue(wall.isEmpty(), "the wall: " + wall + " (see target/screenshots/client-map-and-wall.png)");
      } finally {
        client.destroy();
        client.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static BufferedImage screen() throws Exception {
    java.awt.Dimension size = java.awt.Toolkit.getDefaultToolkit().getScreenSize();
    return new Robot().createScreenCapture(new Rectangle(size));
  }

  /**
   * Where the two screenshots differ is the video wall (the map and panels stand still). Split
   * that area in nine: each ninth must change and show a picture. Empty when all is well.
   */
  private static String wallProblems(BufferedImage before, BufferedImage after) {
    int height = after.getHeight() - STATUS_BAR;
    // Count changes per column and per row, so that a blinking caret or a ticking clock outside the
    // wall (a few pixels) does not stretch the area taken for the wall.
    int[] changedInColumn = new int[after.getWidth()];
    int[] changedInRow = new int[height];
    for (int y = 0; y < height; y += 2) {
      for (int x = 0; x < after.getWidth(); x += 2) {
        if (differs(before.getRGB(x, y), after.getRGB(x, y))) {
          changedInColumn[x]++;
          changedInRow[y]++;
        }
      }
    }
    int minX = firstAtLeast(changedInColumn, MOVING_LINE);
    int maxX = lastAtLeast(changedInColumn, MOVING_LINE);
    int minY = firstAtLeast(changedInRow, MOVING_LINE);
    int maxY = lastAtLeast(changedInRow, MOVING_LINE);
    if (maxX < 0) {
      return "nothing on screen moves";
    }
    if (maxX - minX < 300 || maxY - minY < 300) {
      return "only a small area moves: " + (maxX - minX) + "x" + (maxY - minY) + " pixels";
    }
    StringBuilder problems = new StringBuilder();
    for (int row = 0; row < 3; row++) {
      for (int column = 0; column < 3; column++) {
        int x0 = minX + (maxX - minX) * column / 3;
        int x1 = minX + (maxX - minX) * (column + 1) / 3;
        int y0 = minY + (maxY - minY) * row / 3;
        int y1 = minY + (maxY - minY) * (row + 1) / 3;
        int changed = 0;
        int samples = 0;
        int[] histogram = new int[256];
        for (int y = y0; y < y1; y += 2) {
          for (int x = x0; x < x1; x += 2) {
            samples++;
            if (differs(before.getRGB(x, y), after.getRGB(x, y))) {
              changed++;
            }
            histogram[luminance(after.getRGB(x, y))]++;
          }
        }
        // A picture spreads over many grey levels; a tile of text on a plain ground uses a handful.
        int levels = 0;
        for (int count : histogram) {
          if (count >= samples / 500) {
            levels++;
          }
        }
        int tile = row * 3 + column + 1;
        if (changed < samples / 200) {
          problems.append("tile ").append(tile).append(" does not move (").append(changed).append(" of ").append(samples).append(" pixels changed); ");
        }
        if (levels < PICTURE_LEVELS) {
          problems.append("tile ").append(tile).append(" shows no picture (").append(levels).append(" grey levels); ");
        }
      }
    }
    return problems.toString();
  }

  private static int firstAtLeast(int[] counts, int least) {
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] >= least) {
        return i;
      }
    }
    return -1;
  }

  private static int lastAtLeast(int[] counts, int least) {
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] >= least) {
        return i;
      }
    }
    return -1;
  }

  private static boolean differs(int a, int b) {
    return Math.abs(luminance(a) - luminance(b)) > 24;
  }

  private static int luminance(int rgb) {
    return (((rgb >> 16) & 0xff) * 3 + ((rgb >> 8) & 0xff) * 6 + (rgb & 0xff)) / 10;
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
