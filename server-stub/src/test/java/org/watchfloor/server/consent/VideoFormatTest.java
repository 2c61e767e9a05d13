package org.watchfloor.server.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Uploaded clips are recognised by their bytes, whatever their name says. */
class VideoFormatTest {

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aRealMp4IsRecognisedByItsFtypBox() throws Exception {
    byte[] clip = Files.readAllBytes(Path.of(VideoFormatTest.class.getResource("/portal/front-door.mp4").toURI()));
    assertEquals(Optional.of(VideoFormat.MP4), VideoFormat.sniff(clip));
  }

  @Test
  void eachContainerIsToldApartByItsHeader() {
    assertEquals(Optional.of(VideoFormat.QUICKTIME), VideoFormat.sniff(bytes("\0\0\0\u0014ftypqt  \0\0\0\0")));
    assertEquals(Optional.of(VideoFormat.WEBM), VideoFormat.sniff(bytes("\u001A\u0045\u00DF\u00A3\u009F\u0042\u0082\u0084webm")));
    assertEquals(Optional.of(VideoFormat.MATROSKA), VideoFormat.sniff(bytes("\u001A\u0045\u00DF\u00A3\u009F\u0042\u0082\u0088matroska")));
    assertEquals(Optional.of(VideoFormat.AVI), VideoFormat.sniff(bytes("RIFF\u0010\0\0\0AVI LIST")));
    byte[] transportStream = new byte[188 * 3];
    transportStream[0] = 0x47;
    transportStream[188] = 0x47;
    transportStream[376] = 0x47;
    assertEquals(Optional.of(VideoFormat.MPEG_TS), VideoFormat.sniff(transportStream));
  }

  @Test
  void somethingElseNamedLikeAVideoIsNotOne() {
    assertEquals(Optional.empty(), VideoFormat.sniff(bytes("<html><body>front-door.mp4</body></html>")));
    assertEquals(Optional.empty(), VideoFormat.sniff(bytes("RIFF\u0010\0\0\0WAVEfmt ")));
    byte[] oneSyncByte = new byte[188 * 3];
    oneSyncByte[0] = 0x47;
    assertEquals(Optional.empty(), VideoFormat.sniff(oneSyncByte));
  }
}
