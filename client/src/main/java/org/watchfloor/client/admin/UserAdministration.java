package org.watchfloor.client.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.UserAccount;
import org.watchfloor.client.net.UserRole;

/**
 * The users an admin manages and the admin's pending input: a new user's fields, and the selected
 * user's edited fields, new password or reason to disable. Every change is based on the user as
 * read; when another admin changed them since, the broker refuses it and {@link #conflictProperty()}
 * shows both sides. Every change goes to the broker (which
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

  private final StringProperty editDisplayName = new SimpleStringProperty("");
  private final StringProperty editOrganisation = new SimpleStringProperty("");
  private final ObjectProperty<UserRole> editRole = new SimpleObjectProperty<>();
  private final StringProperty replacementPassword = new SimpleStringProperty("");
  private final StringProperty disableReason = new SimpleStringProperty("");
  private final BrokerTasks tasks = new BrokerTasks();
  private final StaleEdits<UserAccount> edits;

  public UserAdministration(BrokerConnection broker) {
    this.broker = broker;
    this.edits = new StaleEdits<>(tasks,
        read -> broker.listUsers().stream().filter(user -> user.id().equals(read.id())).findFirst(),
        user -> {
          put(user);
          fillEdit(user);
        },
        UserAccount::username);
    selected.addListener((observable, before, user) -> fillEdit(user));
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

  public StringProperty editDisplayNameProperty() {
    return editDisplayName;
  }

  public StringProperty editOrganisationProperty() {
    return editOrganisation;
  }

  /** The selected user's role as edited; null when they hold several roles and none was chosen. */
  public ObjectProperty<UserRole> editRoleProperty() {
    return editRole;
  }

  /** Set when another admin's change came between this admin's reading a user and changing it. */
  public ReadOnlyObjectProperty<EditConflict<UserAccount>> conflictProperty() {
    return edits.conflictProperty();
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

  /** Saves the fields of the selected user the admin edited (only those), based on the user as read. */
  public void saveSelected() {
    UserAccount user = selected.get();
    if (user == null) {
      report(true, "Choose a user first.");
      return;
    }
    Optional<String> displayName = Optional.of(editDisplayName.get().trim()).filter(name -> !name.equals(user.displayName()));
    Optional<String> organisation = Optional.of(editOrganisation.get().trim()).filter(value -> !value.equals(user.organisation()));
    Optional<UserRole> role = Optional.ofNullable(editRole.get()).filter(only -> !user.roles().equals(Set.of(only)));
    if (displayName.isEmpty() && organisation.isEmpty() && role.isEmpty()) {
      report(false, "Nothing changed.");
      return;
    }
    List<String> words = new ArrayList<>();
    displayName.ifPresent(name -> words.add("name " + name));
    role.ifPresent(only -> words.add("role " + only));
    organisation.ifPresent(value -> words.add("organisation " + (value.isEmpty() ? "(none)" : value)));
    change(user, "set " + String.join(", ", words), base -> broker.updateUser(base, displayName, role, organisation),
        updated -> "Saved " + updated.username() + ": " + String.join(", ", words) + ".");
  }

  /** Sets the selected user's password to {@link #replacementPasswordProperty()}. */
  public void resetSelectedPassword() {
    UserAccount user = selected.get();
    if (user == null) {
      report(true, "Choose a user first.");
      return;
    }
    String password = replacementPassword.get();
    change(user, "reset the password", base -> broker.resetPassword(base, password), updated -> {
      replacementPassword.set("");
      return "New password set for " + updated.username() + "; their open sessions ended.";
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
    change(user, "disable the user (" + reason + ")", base -> broker.disableUser(base, reason), updated -> {
      disableReason.set("");
      return updated.username() + " is disabled; their sessions ended.";
    });
  }

  /** Keeps the other admin's version: the conflict closes and the forms show their values. */
  public void keepTheirs() {
    edits.keepTheirs();
  }

  /** Sends this admin's change again, now based on the other admin's version. */
  public void applyMineAgain() {
    edits.applyMineAgain();
  }

  private void change(UserAccount read, String yourChange, Function<UserAccount, UserAccount> call, Function<UserAccount, String> done) {
    edits.change(read, yourChange, call, done);
  }

  private void fillEdit(UserAccount user) {
    editDisplayName.set(user == null ? "" : user.displayName());
    editOrganisation.set(user == null ? "" : user.organisation());
    editRole.set(user == null || user.roles().size() != 1 ? null : user.roles().iterator().next());
  }

  /** Replaces or adds one user, keeping the list ordered by user name and the selection on it. */
  private void put(UserAccount user) {
    boolean wasSelected = selected.get() != null && selected.get().id().equals(user.id());
    int index = -1;
    for (int i = 0; i < users.size(); i++) {
      if (users.get(i).id().equals(user.id())) {
        index = i;
      }
    }
    if (index >= 0) {
      users.set(index, user);
    } else {
      users.add(user);
      FXCollections.sort(users, Comparator.comparing(UserAccount::username));
    }
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
