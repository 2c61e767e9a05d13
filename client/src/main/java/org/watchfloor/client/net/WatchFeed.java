package org.watchfloor.client.net;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Keeps one broker Watch stream going: a snapshot first, then changes; after a break it resumes
 * from the last revision it had fully received (so nothing is lost or repeated), backing off from
 * 0.25 s to 8 s between attempts.
 *
 * @param <E> the contract's event message
 * @param <T> the client's model record
 */
final class WatchFeed<E, T> implements AutoCloseable {

  /** How to read one collection's events. */
  interface Events<E, T> {
    long revision(E event);

    /** UPSERT, REMOVE, SYNCED or RESET. */
    Kind kind(E event);

    String id(E event);

    T item(E event);

    /** During a full snapshot, how many items it holds, where the collection says (0: not said). */
    default long snapshotSize(E event) {
      return 0;
    }
  }

  enum Kind {
    UPSERT,
    REMOVE,
    SYNCED,
    RESET
  }

  /**
   * The events of a collection whose messages have the contract's shape: a revision and one of
   * upserted, removed, synced, reset (named so in every {@code *Event}'s oneof).
   */
  static <E, T> Events<E, T> events(
      java.util.function.ToLongFunction<E> revision,
      java.util.function.Function<E, Enum<?>> eventCase,
      java.util.function.Function<E, String> id,
      java.util.function.Function<E, T> item) {
    return events(revision, eventCase, id, item, event -> 0);
  }

  /** As above, for a collection whose snapshot events say how large the snapshot is. */
  static <E, T> Events<E, T> events(
      java.util.function.ToLongFunction<E> revision,
      java.util.function.Function<E, Enum<?>> eventCase,
      java.util.function.Function<E, String> id,
      java.util.function.Function<E, T> item,
      java.util.function.ToLongFunction<E> snapshotSize) {
    return new Events<>() {
      @Override
      public long snapshotSize(E event) {
        return snapshotSize.applyAsLong(event);
      }

      @Override
      public long revision(E event) {
        return revision.applyAsLong(event);
      }

      @Override
      public Kind kind(E event) {
        return switch (eventCase.apply(event).name()) {
          case "UPSERTED" -> Kind.UPSERT;
          case "REMOVED" -> Kind.REMOVE;
          case "SYNCED" -> Kind.SYNCED;
          default -> Kind.RESET;
        };
      }

      @Override
      public String id(E event) {
        return id.apply(event);
      }

      @Override
      public T item(E event) {
        return item.apply(event);
      }
    };
  }

  private final BiConsumer<Long, StreamObserver<E>> call;
  private final Events<E, T> events;
  private final FeedListener<T> listener;
  private final Reconnection reconnection;
  private volatile Context.CancellableContext current;
  private volatile boolean closed;
  /** The last revision after which everything was received; 0 = nothing yet. */
  private long resumeAfter;

  /** {@code call} starts the Watch call resuming after the given revision. */
  WatchFeed(BiConsumer<Long, StreamObserver<E>> call, Events<E, T> events, FeedListener<T> listener, Reconnection reconnection) {
    this.call = call;
    this.reconnection = reconnection;
    this.events = events;
    this.listener = listener;
  }

  void start() {
    connect(Reconnection.FIRST);
  }

  private void connect(Duration backoff) {
    if (closed) {
      return;
    }
    Context.CancellableContext context = Context.current().withCancellation();
    current = context;
    long from = resumeAfter;
    if (from == 0) {
      listener.reset(); // a full snapshot follows
    }
    context.run(() -> call.accept(from, new EndlessStream<E>() {
      private boolean synced;
      private boolean sizeAnnounced;

      @Override
      void next(E event) {
        switch (events.kind(event)) {
          case RESET -> {
            listener.reset();
            sizeAnnounced = false;
          }
          case UPSERT -> {
            if (!synced && !sizeAnnounced && events.snapshotSize(event) > 0) {
              sizeAnnounced = true;
              listener.expecting(events.snapshotSize(event));
            }
            listener.upsert(events.id(event), events.item(event));
            advance(event);
          }
          case REMOVE -> {
            listener.remove(events.id(event));
            advance(event);
          }
          case SYNCED -> {
            synced = true;
            resumeAfter = events.revision(event);
            listener.synced();
          }
        }
      }

      /** Only after the sync point is a revision a safe place to resume from. */
      private void advance(E event) {
        if (synced) {
          resumeAfter = events.revision(event);
        }
      }

      @Override
      void ended() {
        if (closed) {
          return;
        }
        listener.stale();
        reconnection.retry(backoff, synced, WatchFeed.this::connect);
      }
    }));
  }

  @Override
  public void close() {
    closed = true;
    Context.CancellableContext context = current;
    if (context != null) {
      context.cancel(null);
    }
  }
}
