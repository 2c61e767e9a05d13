package org.watchfloor.client.net;

/** The ways a ticket's URL can carry video; the local player says which of them it can play. */
public enum VideoProtocol {
  HLS,
  HTTP_TS,
  MJPEG,
  RTSP
}
