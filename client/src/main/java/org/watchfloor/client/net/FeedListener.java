package org.watchfloor.client.net;

/**
 * Hears one live list from the broker (cameras, layers, incidents). Called on a gRPC thread, in
 * order; {@link #reset()} means "drop what you have, a full snapshot follows".
 */
public interface FeedListener<T> {

  void reset();

  /** A full snapshot of {@code size} items is arriving (said only by collections that know it). */
  default void expecting(long size) {}

  void upsert(String id, T item);

  void remove(String id);

  /** The list is now current: the snapshot or the catch-up after a reconnect is complete. */
  void synced();

  /** The link broke: what is shown may be stale until {@link #synced()}. */
  void stale();
}
