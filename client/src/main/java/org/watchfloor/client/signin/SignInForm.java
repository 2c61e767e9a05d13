package org.watchfloor.client.signin;

import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.BrokerList;
import org.watchfloor.client.net.ChannelSecurity;

/**
 * What a person types to sign in (broker address, user name, password) and how the attempt went.
 * The broker's answer comes back on the FX thread; a connection that signed in is handed over in
 * {@link #signedInProperty()}, any other is closed.
 */
public final class SignInForm {

  private final StringProperty server = new SimpleStringProperty("");
  private final StringProperty username = new SimpleStringProperty("");
  private final StringProperty password = new SimpleStringProperty("");
  private final SimpleStringProperty message = new SimpleStringProperty("");
  private final SimpleBooleanProperty busy = new SimpleBooleanProperty(false);
  private final SimpleObjectProperty<BrokerConnection> signedIn = new SimpleObjectProperty<>();
  private final ChannelSecurity security;

  /** A form that signs in over {@code security} (the command line's choice; the form has no field for it). */
  public SignInForm(BrokerList initialServer, ChannelSecurity security) {
    server.set(initialServer.toString());
    this.security = security;
  }

  public StringProperty serverProperty() {
    return server;
  }

  public StringProperty usernameProperty() {
    return username;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  /** Why the last attempt failed, in words to act on; empty before one and while trying. */
  public ReadOnlyStringProperty messageProperty() {
    return message;
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy;
  }

  /** The connection once signed in; null until then. */
  public ReadOnlyObjectProperty<BrokerConnection> signedInProperty() {
    return signedIn;
  }

  /** Checks the fields, then asks the broker off the FX thread. Call on the FX thread. */
  public void submit() {
    if (busy.get() || signedIn.get() != null) {
      return;
    }
    BrokerList address;
    try {
      address = BrokerList.parse(server.get().trim());
    } catch (IllegalArgumentException e) {
      message.set("Server: " + e.getMessage());
      return;
    }
    if (username.get().isBlank()) {
      message.set("User name: required");
      return;
    }
    if (password.get().isEmpty()) {
      message.set("Password: required");
      return;
    }
    String user = username.get().trim();
    String secret = password.get();
    busy.set(true);
    message.set("");
    CompletableFuture.supplyAsync(() -> attempt(address, security, user, secret))
        .whenComplete((connection, error) -> Platform.runLater(() -> {
          busy.set(false);
          if (error == null) {
            password.set("");
            signedIn.set(connection);
          } else {
            message.set(explain(error.getCause() != null ? error.getCause() : error, address));
          }
        }));
  }

  private static BrokerConnection attempt(BrokerList address, ChannelSecurity security, String user, String secret) {
    BrokerConnection connection = new BrokerConnection(address, security, "");
    try {
      connection.signIn(user, secret);
      return connection;
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static String explain(Throwable error, BrokerList address) {
    if (error instanceof BrokerRefusal refusal) {
      return refusal.reason() == BrokerRefusal.Reason.BROKER_UNREACHABLE && !refusal.getMessage().startsWith("sign-in:")
          ? "No broker answers at " + address + ": " + refusal.getMessage()
          : capitalised(refusal.getMessage());
    }
    return "Sign-in failed: " + error;
  }

  /** "sign-in: user name or password is wrong" reads as "User name or password is wrong". */
  private static String capitalised(String brokerMessage) {
    String text = brokerMessage.startsWith("sign-in: ") ? brokerMessage.substring("sign-in: ".length()) : brokerMessage;
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
