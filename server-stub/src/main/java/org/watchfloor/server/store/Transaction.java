package org.watchfloor.server.store;

import java.sql.Connection;

/**
 * One open database transaction. Every store method that writes takes one, so that a change, its
 * revision and its audit row commit together or not at all.
 */
public final class Transaction {

  private final Connection connection;
  private final boolean shared;

  Transaction(Connection connection, boolean shared) {
    this.connection = connection;
    this.shared = shared;
  }

  /** Whether other broker processes use this database too (PostgreSQL), so commits are announced to them. */
  boolean shared() {
    return shared;
  }

  Connection connection() {
    return connection;
  }
}
