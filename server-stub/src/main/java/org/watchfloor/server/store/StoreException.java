package org.watchfloor.server.store;

/** A database operation failed; the message names the operation, the cause holds the SQL error. */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String operation, Throwable cause) {
    super(operation + " failed: " + cause.getMessage(), cause);
  }
}
