package org.watchfloor.server.sim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes the HLS media playlists the simulator serves: the sliding window of a live stream.
 * Segments are named by their timeline number, and since every segment is re-stamped to continue
 * the one before, it needs no EXT-X-DISCONTINUITY at the loop point.
 */
final class MediaPlaylist {

  /** HTTP Content-Type of an HLS playlist (RFC 8216 section 4). */
  static final String CONTENT_TYPE = "application/vnd.apple.mpegurl";

  private MediaPlaylist() {}

  /** Live segments {@code first} to {@code endExclusive - 1}; a player reloads it every segment. */
  static String live(SegmentTimeline timeline, long first, long endExclusive, String ticket) {
    // Segment URIs are relative, and a relative URI drops the playlist's query: repeat the ticket.
    String query = ".ts?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
    String extinf = String.format(Locale.ROOT, "#EXTINF:%.3f,\n", timeline.millis() / 1000.0);
    StringBuilder playlist = new StringBuilder(128 + (int) (endExclusive - first) * (extinf.length() + query.length() + 16));
    playlist.append("#EXTM3U\n#EXT-X-VERSION:3\n");
    playlist.append("#EXT-X-TARGETDURATION:").append((timeline.millis() + 999) / 1000).append('\n');
    playlist.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
    // The wall-clock time of the first frame.
    playlist.append("#EXT-X-PROGRAM-DATE-TIME:")
        .append(DateTimeFormatter.ISO_INSTANT.format(timeline.startOf(first)))
        .append('\n');
    for (long sequence = first; sequence < endExclusive; sequence++) {
      playlist.append(extinf).append(sequence).append(query).append('\n');
    }
    return playlist.toString();
  }
}
