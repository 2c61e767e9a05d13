package org.watchfloor.client.admin;

import java.util.Comparator;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.FeedListener;
import org.watchfloor.client.net.OwnerReview;

/**
 * The admin's review list, live from the broker: owners' registrations waiting for approval and
 * cameras waiting to be connected for live sharing, oldest first, and the admin's input for the
 * selected one (a reason to reject; a technician's stream address to test). Decisions go to the
 * broker, which checks and audits them; the list follows the broker's answer.
 */
public final class OwnerReviewQueue implements FeedListener<OwnerReview>, AutoCloseable {

  private final BrokerConnection broker;
  private final ObservableList<OwnerReview> items = FXCollections.observableArrayList();
  private final ObjectProperty<OwnerReview> selected = new SimpleObjectProperty<>();
  private final StringProperty rejectReason = new SimpleStringProperty("");
  private final StringProperty streamAddress = new SimpleStringProperty("");
  private final StringProperty streamUsername = new SimpleStringProperty("");
  private final StringProperty streamPassword = new SimpleStringProperty("");
  private final BrokerTasks tasks = new BrokerTasks();
  private AutoCloseable watch;

  public OwnerReviewQueue(BrokerConnection broker) {
    this.broker = broker;
  }

  /** Starts following the broker's list. */
  public void start() {
    watch = broker.watchOwnerReviews(this);
  }

  public ObservableList<OwnerReview> items() {
    return items;
  }

  public ObjectProperty<OwnerReview> selectedProperty() {
    return selected;
  }

  public StringProperty rejectReasonProperty() {
    return rejectReason;
  }

  public StringProperty streamAddressProperty() {
    return streamAddress;
  }

  public StringProperty streamUsernameProperty() {
    return streamUsername;
  }

  public StringProperty streamPasswordProperty() {
    return streamPassword;
  }

  public BrokerTasks tasks() {
    return tasks;
  }

  public void approve() {
    OwnerReview registration = selected.get();
    tasks.run(() -> {
      broker.approveRegistration(registration.id());
      return registration;
    }, approved -> tasks.report(false, "Approved: " + approved.owner().name() + "'s " + cameras(approved) + " entered the directory."));
  }

  public void reject() {
    OwnerReview registration = selected.get();
    String reason = rejectReason.get().strip();
    if (reason.isEmpty()) {
      tasks.report(true, "Give the reason the owner will read.");
      return;
    }
    tasks.run(() -> {
      broker.rejectRegistration(registration.id(), reason);
      return registration;
    }, rejected -> {
      rejectReason.set("");
      tasks.report(false, "Rejected: " + rejected.owner().name() + " was e-mailed the reason.");
    });
  }

  /** Has the stream tried: the address typed here when there is one, else the owner's. */
  public void testStream() {
    OwnerReview request = selected.get();
    Optional<BrokerConnection.StreamAddress> typed = streamAddress.get().isBlank() ? Optional.empty()
        : Optional.of(new BrokerConnection.StreamAddress(streamAddress.get().strip(), streamUsername.get(), streamPassword.get()));
    // The password is sent once; the screen keeps no copy.
    streamPassword.set("");
    tasks.report(false, "Testing the stream of " + request.cameras().get(0).name() + "…");
    tasks.run(() -> broker.testLiveConnection(request.id(), typed), tested -> {
      OwnerReview.StreamTest test = tested.connection().lastTest();
      if (test.outcome() == OwnerReview.Outcome.PLAYS) {
        streamAddress.set("");
        streamUsername.set("");
        tasks.report(false, "Connected: " + test.message() + ". The owner was invited to set their terms; nobody views it before they do.");
      } else {
        tasks.report(true, "Not connected (" + outcome(test.outcome()) + "): " + test.message());
      }
    });
  }

  static String outcome(OwnerReview.Outcome outcome) {
    return switch (outcome) {
      case PLAYS -> "plays";
      case UNREACHABLE -> "unreachable";
      case AUTH_REFUSED -> "the camera refused the credentials";
      case NOT_VIDEO -> "not video";
      case NO_ADDRESS -> "no address yet";
    };
  }

  static String cameras(OwnerReview review) {
    return review.cameras().size() == 1 ? "camera" : review.cameras().size() + " cameras";
  }

  // ---- the broker's list, applied on the FX thread in the order heard ----

  @Override
  public void reset() {
    Platform.runLater(items::clear);
  }

  @Override
  public void upsert(String id, OwnerReview item) {
    Platform.runLater(() -> {
      // Replacing the item clears a list's selection of it: the admin keeps working on it.
      boolean wasSelected = selected.get() != null && selected.get().id().equals(id);
      items.removeIf(existing -> existing.id().equals(id));
      items.add(item);
      FXCollections.sort(items, Comparator.comparing(OwnerReview::submittedAt).thenComparing(OwnerReview::id));
      if (wasSelected) {
        selected.set(item);
      }
    });
  }

  @Override
  public void remove(String id) {
    Platform.runLater(() -> {
      items.removeIf(existing -> existing.id().equals(id));
      if (selected.get() != null && selected.get().id().equals(id)) {
        selected.set(null);
      }
    });
  }

  @Override
  public void synced() {}

  @Override
  public void stale() {
    Platform.runLater(() -> tasks.report(true, "The connection to the broker broke; the list may be out of date until it is back."));
  }

  @Override
  public void close() throws Exception {
    if (watch != null) {
      watch.close();
    }
  }
}
