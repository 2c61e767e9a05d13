package org.watchfloor.server.auth;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code watchfloor server add-user}: creates a user straight in the broker's store, for the first
 * admin of a center that runs without the demo (every later user is created by an admin in the
 * client). It prints the generated password and bearer token once; the creation is audited like
 * an admin's, with the server console as the actor.
 */
@Command(
    name = "add-user",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a user in the broker's store and prints its password and bearer token once.",
      "With the embedded database, stop the broker first (it holds the data folder); with --db it may run.",
      "Exit status: 0 created, 2 refused (the reason is printed; nothing was changed)."
    })
public final class AddUserCommand implements Callable<Integer> {

  /** Who the audit names for a user created here: whoever could run the server's own command. */
  static final Actor CONSOLE = new Actor("console", "server console");

  @Option(names = "--username", required = true, paramLabel = "NAME", description = "Sign-in name: lower-case letters, digits, '.', '_' or '-'.")
  String username;

  @Option(names = "--display-name", required = true, paramLabel = "TEXT", description = "The name shown in the client and the audit log.")
  String displayName;

  @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
      description = "ANALYST, SUPERVISOR or ADMIN (several separated by commas).")
  List<String> roles;

  @Option(names = "--organisation", paramLabel = "TEXT", defaultValue = "", description = "The user's agency (listed on the transparency page).")
  String organisation;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${sys:user.home}/.watchfloor",
      description = "The broker's data folder, for the embedded database (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--db", paramLabel = "JDBC-URL", description = "The broker's database, as given to the server's --db.")
  String jdbcUrl;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EnumSet<Role> granted = EnumSet.noneOf(Role.class);
    for (String role : roles) {
      try {
        granted.add(Role.valueOf("ROLE_" + role.strip().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        err.println("watchfloor server add-user: --role must be ANALYST, SUPERVISOR or ADMIN, not '" + role + "'");
        return 2;
      }
    }
    Database database;
    try {
      database = jdbcUrl != null ? Database.open(jdbcUrl) : Database.openEmbedded(dataDir.toAbsolutePath());
    } catch (RuntimeException e) {
      err.println("watchfloor server add-user: cannot open the store " + (jdbcUrl != null ? jdbcUrl : "in " + dataDir)
          + " (with the embedded database, stop the broker first): " + rootMessage(e));
      return 2;
    }
    try (database) {
      Clock clock = Clock.systemUTC();
      String password = UserDirectory.newPassword();
      UserDirectory.IssuedUser issued = new UserDirectory(database, new AuditLog(database, clock), clock)
          .create(CONSOLE, new UserDirectory.NewUser(username, displayName, granted, organisation, password));
      out.println("created " + issued.user().username() + " (" + issued.user().id() + ") with roles " + issued.user().roles());
      out.println("password: " + password);
      out.println("token:    " + issued.token());
      out.println("Shown once: give them to the user, who signs in with the password (or the token).");
      return 0;
    } catch (Rejection | StoreException e) {
      err.println("watchfloor server add-user: " + e.getMessage());
      return 2;
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
