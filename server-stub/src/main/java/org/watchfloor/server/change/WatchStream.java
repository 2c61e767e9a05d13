package org.watchfloor.server.change;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.ResyncRequired;
import org.watchfloor.proto.v1.SyncPoint;
import org.watchfloor.server.rpc.Rpc;

/**
 * One server-streaming Watch call: a snapshot (or the changes missed since a resume revision),
 * then a sync point, then live changes, each sent once and in revision order. Sends only while the
 * client is ready; a client that falls too far behind is told to resume later rather than let the
 * server buffer without bound.
 *
 * @param <T> the entity type
 * @param <E> the stream's event message type
 */
public final class WatchStream<T, E> {

  /** How one collection's entities and markers become that collection's event messages. */
  public interface Events<T, E> {
    E upserted(T entity, long revision);

    E removed(String entityId, long revision);

    E synced(long revision, boolean afterSnapshot);

    E reset(long requestedRevision, long newestRevision, String reason);

    /** An upsert of a full snapshot of {@code snapshotSize} entities, for collections that announce the size. */
    E inSnapshot(T entity, long revision, int snapshotSize);
  }

  /** Builds one of the collection's event messages from a revision and a payload. */
  @FunctionalInterface
  public interface EventBuilder<P, E> {
    E build(long revision, P payload);
  }

  /**
   * The events of a collection whose messages all have the contract's shape (revision plus one of
   * upserted, removed, synced, reset); each builder sets one of those.
   */
  public static <T, E> Events<T, E> events(
      EventBuilder<T, E> upserted, EventBuilder<String, E> removed, EventBuilder<SyncPoint, E> synced, EventBuilder<ResyncRequired, E> reset) {
    return events(upserted, removed, synced, reset, (event, size) -> event);
  }

  /** As above, for a collection whose snapshot upserts say the snapshot's size ({@code sized} sets it). */
  public static <T, E> Events<T, E> events(
      EventBuilder<T, E> upserted, EventBuilder<String, E> removed, EventBuilder<SyncPoint, E> synced, EventBuilder<ResyncRequired, E> reset,
      java.util.function.BiFunction<E, Integer, E> sized) {
    return new Events<>() {
      @Override
      public E inSnapshot(T entity, long revision, int snapshotSize) {
        return sized.apply(upserted(entity, revision), snapshotSize);
      }

      @Override
      public E upserted(T entity, long revision) {
        return upserted.build(revision, entity);
      }

      @Override
      public E removed(String entityId, long revision) {
        return removed.build(revision, entityId);
      }

      @Override
      public E synced(long revision, boolean afterSnapshot) {
        return synced.build(revision, SyncPoint.newBuilder().setRevision(revision).setAfterSnapshot(afterSnapshot).build());
      }

      @Override
      public E reset(long requestedRevision, long newestRevision, String reason) {
        return reset.build(newestRevision, ResyncRequired.newBuilder().setRequestedRevision(requestedRevision).setReason(reason).build());
      }
    };
  }

  private static final Logger LOG = Logger.getLogger(WatchStream.class.getName());
  /** Events held for one slow client before it is cut off and asked to resume. */
  static final int MAX_PENDING = 50_000;

  private final ServerCallStreamObserver<E> observer;
  private final Events<T, E> events;
  private final Predicate<T> filter;
  private final Deque<E> pending = new ArrayDeque<>();
  /** Live changes that arrive before the snapshot or catch-up has been queued. */
  private final Deque<Change<T>> early = new ArrayDeque<>();
  private boolean caughtUp;
  /**
   * The snapshot or catch-up queued at the start: it may be far larger than {@link #MAX_PENDING}
   * (a city's 100,000 cameras), so only live changes beyond it count towards the limit.
   */
  private int catchUpQueued;
  private long sentRevision;
  private boolean finished;
  private ChangeFeed.Subscription subscription;

  private WatchStream(ServerCallStreamObserver<E> observer, Events<T, E> events, Predicate<T> filter) {
    this.observer = observer;
    this.events = events;
    this.filter = filter;
  }

  /**
   * Answers a Watch call: runs {@code checkedFilter} (the caller's role and the request's
   * validation, which returns what the caller watches), then streams; a refusal ends the call with
   * its status instead.
   */
  public static <T, E> void serve(
      StreamObserver<E> observer, Supplier<Predicate<T>> checkedFilter, WatchSource<T> source, Events<T, E> events, long resumeAfterRevision) {
    try {
      start(source, (ServerCallStreamObserver<E>) observer, events, checkedFilter.get(), resumeAfterRevision);
    } catch (RuntimeException e) {
      observer.onError(Rpc.toStatus(e));
    }
  }

  /** Starts streaming {@code source} to {@code observer} from {@code resumeAfterRevision}. */
  static <T, E> void start(
      WatchSource<T> source,
      ServerCallStreamObserver<E> observer,
      Events<T, E> events,
      Predicate<T> filter,
      long resumeAfterRevision) {
    WatchStream<T, E> stream = new WatchStream<>(observer, events, filter);
    observer.setOnReadyHandler(stream::drain);
    observer.setOnCancelHandler(stream::finish);
    stream.subscription = source.feed().subscribe(stream::live);
    stream.catchUp(source, resumeAfterRevision);
  }

  /**
   * Reads the snapshot or the missed changes, then queues them. The reading happens outside this
   * stream's monitor: writers hold their collection's lock while they publish into this stream, so
   * reading under the monitor (the source takes that lock too) could deadlock with a writer.
   * Changes published meanwhile wait in {@link #early} and are queued after, without repeats.
   */
  private void catchUp(WatchSource<T> source, long resumeAfter) {
    // Whatever other brokers on the database committed first, so a client coming over from one of
    // them catches up to what it may have seen there, in the catch-up itself.
    source.publishCommitted();
    long head = source.head();
    boolean resume = resumeAfter > 0 && resumeAfter <= head;
    WatchSource.CatchUp<T> missed = resume ? source.changesAfter(resumeAfter) : null;
    WatchSource.Snapshot<T> snapshot = resume ? null : source.snapshot();
    synchronized (this) {
      if (resume) {
        for (Change<T> change : missed.changes()) {
          queueChange(change);
        }
        sentRevision = missed.revision();
        pending.add(events.synced(missed.revision(), false));
      } else {
        if (resumeAfter > head) {
          pending.add(
              events.reset(
                  resumeAfter,
                  head,
                  "revision " + resumeAfter + " is newer than this server's newest (" + head
                      + "); a full snapshot follows"));
        }
        List<T> matching = new ArrayList<>();
        for (T entity : snapshot.entities()) {
          if (filter.test(entity)) {
            matching.add(entity);
          }
        }
        for (T entity : matching) {
          pending.add(events.inSnapshot(entity, snapshot.revision(), matching.size()));
        }
        sentRevision = snapshot.revision();
        pending.add(events.synced(snapshot.revision(), true));
      }
      caughtUp = true;
      catchUpQueued = pending.size();
      while (!early.isEmpty()) {
        queueChange(early.poll());
      }
    }
    drain();
  }

  private void live(Change<T> change) {
    synchronized (this) {
      if (finished) {
        return;
      }
      if (!caughtUp) {
        early.add(change);
        return;
      }
      queueChange(change);
      if (pending.size() > catchUpQueued + MAX_PENDING) {
        finished = true;
        pending.clear();
        observer.onError(
            Status.RESOURCE_EXHAUSTED
                .withDescription(
                    "this client fell more than " + MAX_PENDING
                        + " changes behind; resume from revision " + sentRevision)
                .asRuntimeException());
        closeSubscription();
        return;
      }
    }
    drain();
  }

  /** Queues a change once, in order: changes at or below what was already sent are skipped. */
  private void queueChange(Change<T> change) {
    if (change.revision() <= sentRevision && caughtUp) {
      return;
    }
    if (change.state().isPresent() && filter.test(change.state().get())) {
      pending.add(events.upserted(change.state().get(), change.revision()));
    } else {
      pending.add(events.removed(change.entityId(), change.revision()));
    }
    sentRevision = Math.max(sentRevision, change.revision());
  }

  private synchronized void drain() {
    try {
      while (!finished && observer.isReady() && !pending.isEmpty()) {
        observer.onNext(pending.poll());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "watch stream ended while sending", e);
      finish();
    }
  }

  private synchronized void finish() {
    finished = true;
    pending.clear();
    closeSubscription();
  }

  private void closeSubscription() {
    if (subscription != null) {
      subscription.close();
    }
  }
}
