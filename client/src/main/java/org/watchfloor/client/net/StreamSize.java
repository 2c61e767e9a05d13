package org.watchfloor.client.net;

/** Which of a camera's encodings a view wants: the full one for a large tile, the reduced one for a small tile. */
public enum StreamSize {
  MAIN,
  SUB
}
