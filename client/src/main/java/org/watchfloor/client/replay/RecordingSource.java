package org.watchfloor.client.replay;

import java.time.Instant;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.PlaybackTicket;

/**
 * Where a replay's tiles get their recordings: a ticket whose URL speaks MediaMTX's playback API
 * ({@code /list}, {@code /get}). The broker's playback tickets on a workstation; an evidence
 * package's own files, served on this machine, when a package is reopened offline.
 */
public interface RecordingSource {

  /** A playback of {@code cameraId}'s recording (or the owner-shared clip {@code clipId}) within [{@code start}, {@code end}). */
  PlaybackTicket open(String cameraId, String clipId, Instant start, Instant end) throws BrokerRefusal;

  /** The same playback for longer, before {@code ticket}'s renewal time passes. */
  PlaybackTicket renew(PlaybackTicket ticket) throws BrokerRefusal;

  /** Ends a playback; failure is fine (a broker's session expires on its own). */
  void close(String sessionId);
}
