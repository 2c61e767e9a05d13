package org.watchfloor.client.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The camera layer's raster: bands of rows drawn apart make the same picture as one raster, and a
 * scaled copy of another raster shows its nearest pixels.
 */
class MapRasterTest {

  private static final int WIDTH = 300;
  private static final int HEIGHT = 200;

  @Test
  void bandsDrawnApartMakeTheSamePictureAsOneRaster() {
    Random random = new Random(7);
    int[] spritePixels = new int[9 * 9];
    Arrays.fill(spritePixels, 0xff336699);
    MapSprites.Sprite sprite = new MapSprites.Sprite(9, 9, spritePixels, 4.5, 4.5);
    double[][] shapes = new double[60][];
    for (int i = 0; i < shapes.length; i++) {
      // Centres above, on and below the band boundaries, some partly off the raster.
      shapes[i] = new double[] {random.nextDouble() * (WIDTH + 40) - 20, random.nextDouble() * (HEIGHT + 40) - 20,
          4 + random.nextDouble() * 40, random.nextDouble() * 360, 20 + random.nextDouble() * 300};
    }
    Consumer<MapRaster> picture = raster -> {
      raster.clear();
      raster.dashedOutline(new double[] {10, 290, 250, 30}, new double[] {15, 40, 190, 170}, 8, 6, 0xff4a5968);
      for (double[] shape : shapes) {
        raster.sector(shape[0], shape[1], shape[2], shape[3], shape[4], 0x38cc3344, 0x8ccc3344);
        raster.disc(shape[0], shape[1], shape[2] / 3, 0x40228844, 1.5, 0xcc228844);
        raster.blit(sprite, shape[0], shape[1]);
      }
    };
    MapRaster whole = new MapRaster(WIDTH, HEIGHT, null);
    picture.accept(whole);
    MapRaster banded = new MapRaster(WIDTH, HEIGHT, null);
    Arrays.fill(banded.pixels, 0xdeadbeef); // each band clears its own rows
    for (int[] rows : new int[][] {{0, 67}, {67, 133}, {133, HEIGHT}}) {
      picture.accept(banded.band(rows[0], rows[1]));
    }
    assertTrue(Arrays.stream(whole.pixels).filter(pixel -> pixel != 0).count() > WIDTH * HEIGHT / 10, "the picture covers the raster");
    assertArrayEquals(whole.pixels, banded.pixels);
  }

  @Test
  void aScaledRasterShowsTheNearestSourcePixelAndIsTransparentBeyondTheSourceOverWhateverItHeld() {
    Random random = new Random(3);
    MapRaster source = new MapRaster(WIDTH, HEIGHT, null);
    for (int i = 0; i < source.pixels.length; i++) {
      source.pixels[i] = random.nextInt() | 0xff000000;
    }
    // Zoomed in, out and 1:1, each moved so that part of the target lies beyond the source.
    for (double[] placement : new double[][] {{1, -20.5, 30}, {1.37, 15.2, -12.7}, {0.61, -40, 25.3}, {2, 100, 80}}) {
      double scale = placement[0];
      MapRaster target = new MapRaster(WIDTH, HEIGHT, null);
      Arrays.fill(target.pixels, 0xdeadbeef);
      for (int[] rows : new int[][] {{0, 71}, {71, HEIGHT}}) {
        target.band(rows[0], rows[1]).drawScaled(source, scale, placement[1], placement[2]);
      }
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          int sourceX = (int) Math.floor(placement[1] + (x + 0.5) / scale);
          int sourceY = (int) Math.floor(placement[2] + (y + 0.5) / scale);
          boolean inside = sourceX >= 0 && sourceX < WIDTH && sourceY >= 0 && sourceY < HEIGHT;
          int expected = inside ? source.pixels[sourceY * WIDTH + sourceX] : 0;
          if (target.pixels[y * WIDTH + x] != expected) {
            throw new AssertionError("scale " + scale + ": pixel (" + x + ", " + y + ") is " + Integer.toHexString(target.pixels[y * WIDTH + x])
                + ", not " + Integer.toHexString(expected));
          }
        }
      }
    }
  }
}
