package org.watchfloor.server.enrollment;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.watchfloor.proto.v1.LiveConnectionRequest;
import org.watchfloor.proto.v1.LiveConnectionStatus;
import org.watchfloor.proto.v1.OwnerRegistration;
import org.watchfloor.proto.v1.OwnerReview;
import org.watchfloor.proto.v1.RegistrationStatus;
import org.watchfloor.server.change.Change;
import org.watchfloor.server.change.StoredWatchSource;
import org.watchfloor.server.store.CameraStore;
import org.watchfloor.server.store.ChangeLog;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.LiveConnectionStore;
import org.watchfloor.server.store.OwnerStore;
import org.watchfloor.server.store.RegistrationStore;
import org.watchfloor.server.store.Transaction;

/**
 * The admin's review list as a watched collection: registrations awaiting approval and cameras
 * waiting to be connected for live sharing. An item that no longer waits (decided, connected,
 * cancelled) leaves the list as a removal.
 */
public final class OwnerReviews extends StoredWatchSource<OwnerReview> {

  /** Notes, inside a write's transaction, which review items it changes. */
  public interface Recorder {
    void changed(Transaction transaction, String itemId) throws SQLException;
  }

  /** A write that commits review changes through its {@link Recorder}. */
  @FunctionalInterface
  public interface Write<T> {
    T run(Recorder recorder);
  }

  private final java.time.Clock clock;

  public OwnerReviews(Database database, java.time.Clock clock) {
    super(database, Collection.OWNER_REVIEWS, OwnerReviews::waiting, OwnerReviews::find);
    this.clock = clock;
  }

  /**
   * Runs {@code write}, which commits; then tells watchers of the items it recorded, in revision
   * order. Writers are serialised here, so revisions reach watchers in order.
   */
  public <T> T write(Write<T> write) {
    synchronized (writeLock) {
      List<Long> revisions = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      T result = write.run((transaction, itemId) -> {
        revisions.add(ChangeLog.append(transaction, Collection.OWNER_REVIEWS, itemId, false, clock.instant()));
        ids.add(itemId);
      });
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        Optional<OwnerReview> now = database.inTransaction("read review item " + id, transaction -> find(transaction, id));
        publish(new Change<>(revisions.get(i), id, now));
      }
      return result;
    }
  }

  private static List<OwnerReview> waiting(Transaction transaction) throws SQLException {
    List<OwnerReview> items = new ArrayList<>();
    for (OwnerRegistration registration :
        RegistrationStore.page(transaction, List.of(RegistrationStatus.REGISTRATION_STATUS_AWAITING_APPROVAL), null, "", Integer.MAX_VALUE)) {
      items.add(OwnerReview.newBuilder().setRegistration(registration).build());
    }
    for (LiveConnectionStore.Stored stored : LiveConnectionStore.inStatus(transaction, LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN)) {
      items.add(OwnerReview.newBuilder().setLiveConnection(complete(transaction, stored.request())).build());
    }
    return items;
  }

  /** The item {@code id} while it waits for the admin; empty once it does not. */
  private static Optional<OwnerReview> find(Transaction transaction, String id) throws SQLException {
    if (id.startsWith(LiveConnections.ID_PREFIX)) {
      Optional<LiveConnectionStore.Stored> open = LiveConnectionStore.find(transaction, id)
          .filter(stored -> stored.request().getStatus() == LiveConnectionStatus.LIVE_CONNECTION_STATUS_OPEN);
      return open.isEmpty() ? Optional.empty()
          : Optional.of(OwnerReview.newBuilder().setLiveConnection(complete(transaction, open.get().request())).build());
    }
    return RegistrationStore.find(transaction, id)
        .filter(registration -> registration.getStatus() == RegistrationStatus.REGISTRATION_STATUS_AWAITING_APPROVAL)
        .map(registration -> OwnerReview.newBuilder().setRegistration(registration).build());
  }

  /** A stored request with its camera and owner as they are now. */
  static LiveConnectionRequest complete(Transaction transaction, LiveConnectionRequest request) throws SQLException {
    LiveConnectionRequest.Builder complete = request.toBuilder();
    CameraStore.find(transaction, request.getCamera().getId()).ifPresent(complete::setCamera);
    OwnerStore.find(transaction, request.getOwner().getId()).ifPresent(complete::setOwner);
    return complete.build();
  }
}
