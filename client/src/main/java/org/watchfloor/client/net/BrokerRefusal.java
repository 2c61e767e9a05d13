package org.watchfloor.client.net;

/** The broker refused or could not answer a call; the message is the broker's, fit to show. */
public final class BrokerRefusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BrokerRefusal(String message, Throwable cause) {
    super(message, cause);
  }
}
