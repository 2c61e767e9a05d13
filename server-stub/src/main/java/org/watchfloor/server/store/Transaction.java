package org.watchfloor.server.store;

import java.sql.Connection;

/**
 * One open database transaction. Every store method that writes takes one, so that a change, its
 * revision and its audit row commit together or not at all.
 */
public final class Transaction {

  private final Connection connection;

  Transaction(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }
}
