package org.watchfloor.server.change;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans committed changes of one collection out to the watchers in this process. Writers publish
 * in revision order (they hold their collection's write lock while publishing).
 */
public final class ChangeFeed<T> {

  private final List<Consumer<Change<T>>> subscribers = new CopyOnWriteArrayList<>();

  /** A subscriber's hold on the feed; closing it stops the deliveries. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts delivering every later change to {@code subscriber}; close the result to stop. */
  public Subscription subscribe(Consumer<Change<T>> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  public void publish(Change<T> change) {
    for (Consumer<Change<T>> subscriber : subscribers) {
      subscriber.accept(change);
    }
  }

  public int subscriberCount() {
    return subscribers.size();
  }
}
