package org.watchfloor.server;

import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Several brokers, each with its own connection pool, listener and leadership connection, on one
 * PostgreSQL database of their own (skipped when no PostgreSQL is configured). The first broker
 * seeds the demo world; the others start on the store it made. Closing it stops the brokers that
 * still run and drops the database.
 */
public final class BrokerCluster implements AutoCloseable {

  private final String serverUrl;
  private final String databaseName;
  private final String jdbcUrl;
  private final List<BrokerFixture> brokers = new ArrayList<>();
  private final List<Boolean> running = new ArrayList<>();
  /** The demo users' tokens, read from the first broker's folder while it exists. */
  private final java.util.Map<String, String> tokens = new java.util.HashMap<>();

  private BrokerCluster(String serverUrl, String databaseName) {
    this.serverUrl = serverUrl;
    this.databaseName = databaseName;
    this.jdbcUrl = urlOf(serverUrl, databaseName);
  }

  /** {@code size} brokers on a fresh database; the simulated dispatch feed is off, so only the test writes. */
  public static BrokerCluster start(int size) throws Exception {
    return start(java.util.Collections.nCopies(size, settings -> settings));
  }

  /** One broker for each of {@code configurations} (each changes that broker's settings), on a fresh database. */
  public static BrokerCluster start(List<UnaryOperator<ServerSettings>> configurations) throws Exception {
    String server = TestDatabase.postgresServerUrl();
    String name = "wf_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    TestDatabase.execute(server, "CREATE DATABASE " + name);
    BrokerCluster cluster = new BrokerCluster(server, name);
    try {
      for (UnaryOperator<ServerSettings> configure : configurations) {
        cluster.add(configure);
      }
      for (String user : List.of("ana", "sam", "ada")) {
        cluster.tokens.put(user, cluster.broker(0).token(user));
      }
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The JDBC URL of database {@code name} on the server {@code serverUrl} names. */
  static String urlOf(String serverUrl, String name) {
    return serverUrl.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
  }

  /** Starts one more broker on the cluster's database, its settings changed by {@code configure}, and returns its index. */
  public int add(UnaryOperator<ServerSettings> configure) throws Exception {
    UnaryOperator<ServerSettings> quiet =
        settings -> configure.apply(settings.withSimulatedDispatch(new org.watchfloor.server.sim.SimulatedDispatch.Rates(0, 0)));
    brokers.add(BrokerFixture.sharing(jdbcUrl, quiet));
    running.add(true);
    return brokers.size() - 1;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public int size() {
    return brokers.size();
  }

  public BrokerFixture broker(int index) {
    return brokers.get(index);
  }

  public ManagedChannel channel(int index) {
    return brokers.get(index).channel();
  }

  /** {@code stub} on broker {@code index}'s channel, signed in as the demo user {@code username}, with a 10 s deadline. */
  public <S extends AbstractStub<S>> S as(int index, String username, S stub) throws Exception {
    return stub.withCallCredentials(BrokerFixture.bearer(tokens.get(username))).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** Stops broker {@code index} (its leadership and listening connections end with it). */
  public void stop(int index) {
    if (running.get(index)) {
      running.set(index, false);
      brokers.get(index).close();
    }
  }

  /** The index of the one broker that leads now, waiting up to {@code seconds} for one; fails if two lead. */
  public int awaitLeader(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      List<Integer> leaders = new ArrayList<>();
      for (int i = 0; i < brokers.size(); i++) {
        if (running.get(i) && brokers.get(i).broker().leads()) {
          leaders.add(i);
        }
      }
      if (leaders.size() > 1) {
        throw new AssertionError("brokers " + leaders + " lead at once");
      }
      if (leaders.size() == 1) {
        return leaders.get(0);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no broker leads after " + seconds + " s");
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    // The first broker's folder holds the demo credentials the others' callers use: stop it last.
    for (int i = brokers.size() - 1; i >= 0; i--) {
      stop(i);
    }
    TestDatabase.execute(serverUrl, "DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
  }
}
