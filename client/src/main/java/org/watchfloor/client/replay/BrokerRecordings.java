package org.watchfloor.client.replay;

import java.time.Instant;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.PlaybackTicket;
import org.watchfloor.client.net.StreamSize;
import org.watchfloor.client.net.ViewPurpose;

/** The broker's playback tickets, each opened for the replay's purpose and audited by the broker. */
record BrokerRecordings(BrokerConnection broker, ViewPurpose purpose) implements RecordingSource {

  @Override
  public PlaybackTicket open(String cameraId, String clipId, Instant start, Instant end) throws BrokerRefusal {
    return broker.openPlayback(cameraId, clipId, start, end, purpose, StreamSize.SUB);
  }

  @Override
  public PlaybackTicket renew(PlaybackTicket ticket) throws BrokerRefusal {
    return broker.renewPlayback(ticket);
  }

  @Override
  public void close(String sessionId) {
    try {
      broker.closeSession(sessionId);
    } catch (BrokerRefusal refusal) {
      // gone already, or the broker is away: the session expires on its own
    }
  }
}
