package org.watchfloor.server.sim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes the HLS media playlists the simulator serves: the sliding window of a live stream and the
 * fixed list of a recording. Segments are named by their timeline number, and since every segment
 * is re-stamped to continue the one before, neither needs EXT-X-DISCONTINUITY at the loop point.
 */
final class MediaPlaylist {

  /** HTTP Content-Type of an HLS playlist (RFC 8216 section 4). */
  static final String CONTENT_TYPE = "application/vnd.apple.mpegurl";

  private MediaPlaylist() {}

  /** Live segments {@code first} to {@code endExclusive - 1}; a player reloads it every segment. */
  static String live(SegmentTimeline timeline, long first, long endExclusive, String ticket) {
    return write(timeline, first, endExclusive, ticket, false);
  }

  /** A recording: segments {@code first} to {@code endExclusive - 1}, complete and never changing. */
  static String recording(SegmentTimeline timeline, long first, long endExclusive, String ticket) {
    return write(timeline, first, endExclusive, ticket, true);
  }

  private static String write(SegmentTimeline timeline, long first, long endExclusive, String ticket, boolean recording) {
    // Segment URIs are relative, and a relative URI drops the playlist's query: repeat the ticket.
    String query = ".ts?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
    String extinf = String.format(Locale.ROOT, "#EXTINF:%.3f,\n", timeline.millis() / 1000.0);
    StringBuilder playlist = new StringBuilder(128 + (int) (endExclusive - first) * (extinf.length() + query.length() + 16));
    playlist.append("#EXTM3U\n#EXT-X-VERSION:3\n");
    playlist.append("#EXT-X-TARGETDURATION:").append((timeline.millis() + 999) / 1000).append('\n');
    playlist.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
    if (recording) {
      playlist.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
    }
    // The wall-clock time of the first frame, so a replay clock can line recordings up.
    playlist.append("#EXT-X-PROGRAM-DATE-TIME:")
        .append(DateTimeFormatter.ISO_INSTANT.format(timeline.startOf(first)))
        .append('\n');
    for (long sequence = first; sequence < endExclusive; sequence++) {
      playlist.append(extinf).append(sequence).append(query).append('\n');
    }
    if (recording) {
      playlist.append("#EXT-X-ENDLIST\n");
    }
    return playlist.toString();
  }
}
