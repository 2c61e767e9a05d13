package org.watchfloor.client.net;

/**
 * The ways a ticket's URL, or a camera's stream profile, can carry video; the local player says
 * which of them it can play (never WebRTC, which libVLC 3 cannot play).
 */
public enum VideoProtocol {
  HLS,
  HTTP_TS,
  MJPEG,
  RTSP,
  WEBRTC
}
