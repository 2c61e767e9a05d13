package org.watchfloor.client.admin;

import java.util.Comparator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.UserAccount;
import org.watchfloor.client.net.UserRole;

/**
 * The users an admin manages and the admin's pending input: a new user's fields, and a new
 * password or a reason to disable for the selected user. Every change goes to the broker (which
 * checks and audits it) through {@link BrokerTasks}.
 */
public final class UserAdministration {

  private final BrokerConnection broker;
  private final ObservableList<UserAccount> users = FXCollections.observableArrayList();
  private final ObjectProperty<UserAccount> selected = new SimpleObjectProperty<>();

  private final StringProperty newUsername = new SimpleStringProperty("");
  private final StringProperty newDisplayName = new SimpleStringProperty("");
  private final StringProperty newOrganisation = new SimpleStringProperty("");
  private final ObjectProperty<UserRole> newRole = new SimpleObjectProperty<>(UserRole.ANALYST);
  private final StringProperty newPassword = new SimpleStringProperty("");

  private final StringProperty replacementPassword = new SimpleStringProperty("");
  private final StringProperty disableReason = new SimpleStringProperty("");

  private final BrokerTasks tasks = new BrokerTasks();

  public UserAdministration(BrokerConnection broker) {
    this.broker = broker;
  }

  public ObservableList<UserAccount> users() {
    return users;
  }

  public ObjectProperty<UserAccount> selectedProperty() {
    return selected;
  }

  public StringProperty newUsernameProperty() {
    return newUsername;
  }

  public StringProperty newDisplayNameProperty() {
    return newDisplayName;
  }

  public StringProperty newOrganisationProperty() {
    return newOrganisation;
  }

  public ObjectProperty<UserRole> newRoleProperty() {
    return newRole;
  }

  public StringProperty newPasswordProperty() {
    return newPassword;
  }

  public StringProperty replacementPasswordProperty() {
    return replacementPassword;
  }

  public StringProperty disableReasonProperty() {
    return disableReason;
  }

  /** The calls under way and what the last one did. */
  public BrokerTasks tasks() {
    return tasks;
  }

  /** Reads every user again from the broker. */
  public void refresh() {
    run(broker::listUsers, list -> {
      users.setAll(list);
      report(false, list.size() + " users");
    });
  }

  /** Adds the user described by the new-user fields; they are cleared once the broker accepted it. */
  public void addUser() {
    String username = newUsername.get().trim();
    String displayName = newDisplayName.get().trim();
    String organisation = newOrganisation.get().trim();
    UserRole role = newRole.get();
    String password = newPassword.get();
    run(() -> broker.createUser(username, displayName, role, organisation, password), user -> {
      put(user);
      selected.set(user);
      newUsername.set("");
      newDisplayName.set("");
      newOrganisation.set("");
      newPassword.set("");
      report(false, "Added " + user.username() + " as " + role + (organisation.isEmpty() ? "" : " of " + organisation)
          + "; they sign in with the password given.");
    });
  }

  /** Sets the selected user's password to {@link #replacementPasswordProperty()}. */
  public void resetSelectedPassword() {
    UserAccount user = selected.get();
    if (user == null) {
      report(true, "Choose a user first.");
      return;
    }
    String password = replacementPassword.get();
    run(() -> broker.resetPassword(user.id(), password), updated -> {
      put(updated);
      replacementPassword.set("");
      report(false, "New password set for " + updated.username() + "; their open sessions ended.");
    });
  }

  /** Disables the selected user, giving {@link #disableReasonProperty()} as the reason. */
  public void disableSelected() {
    UserAccount user = selected.get();
    if (user == null) {
      report(true, "Choose a user first.");
      return;
    }
    String reason = disableReason.get().trim();
    run(() -> broker.disableUser(user.id(), reason), updated -> {
      put(updated);
      disableReason.set("");
      report(false, updated.username() + " is disabled; their sessions ended.");
    });
  }

  /** Replaces or adds one user, keeping the list ordered by user name and the selection on it. */
  private void put(UserAccount user) {
    boolean wasSelected = selected.get() != null && selected.get().id().equals(user.id());
    users.removeIf(existing -> existing.id().equals(user.id()));
    users.add(user);
    FXCollections.sort(users, Comparator.comparing(UserAccount::username));
    if (wasSelected) {
      selected.set(user);
    }
  }

  private void report(boolean refusal, String text) {
    tasks.report(refusal, text);
  }

  private <T> void run(Supplier<T> call, Consumer<T> onAnswer) {
    tasks.run(call, onAnswer);
  }
}
