package org.watchfloor.server.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.auth.UserDirectory;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.LayerCatalog;

/**
 * Seeds an empty store with the Lexington, Kentucky demo world: demo users (their tokens written
 * to {@code demo-credentials.json} and printed at every start), and the demo cameras.
 */
public final class DemoWorld {

  /** One demo sign-in as written to {@code demo-credentials.json}. */
  public record DemoCredential(String username, String displayName, String role, String token) {}

  public static final String CREDENTIALS_FILE = "demo-credentials.json";
  private static final Logger LOG = Logger.getLogger(DemoWorld.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final UserDirectory users;
  private final CameraDirectory cameras;
  private final LayerCatalog layers;

  public DemoWorld(UserDirectory users, CameraDirectory cameras, LayerCatalog layers) {
    this.users = users;
    this.cameras = cameras;
    this.layers = layers;
  }

  /** Seeds users and cameras when the store has none, then prints the demo sign-ins. */
  public void seedIfEmpty(Path dataDir) {
    Path credentialsFile = dataDir.resolve(CREDENTIALS_FILE);
    if (users.page("", 1, true).isEmpty()) {
      writeCredentials(credentialsFile, createUsers());
    }
    printCredentials(credentialsFile);
  }

  private List<DemoCredential> createUsers() {
    List<DemoCredential> credentials = new ArrayList<>();
    credentials.add(create("ana", "Ana Analyst", Role.ROLE_ANALYST));
    credentials.add(create("sam", "Sam Supervisor", Role.ROLE_SUPERVISOR));
    credentials.add(create("ada", "Ada Admin", Role.ROLE_ADMIN));
    return credentials;
  }

  private DemoCredential create(String username, String displayName, Role role) {
    UserDirectory.IssuedUser issued = users.create(Actor.SYSTEM, username, displayName, EnumSet.of(role));
    return new DemoCredential(username, displayName, role.name().substring("ROLE_".length()), issued.token());
  }

  private static void writeCredentials(Path file, List<DemoCredential> credentials) {
    try {
      JSON.writeValue(file.toFile(), credentials);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo credentials to " + file, e);
    }
  }

  /** Demo tokens are printed on purpose: the demo hides nothing, and scripts sign in with them. */
  private static void printCredentials(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      DemoCredential[] credentials = JSON.readValue(file.toFile(), DemoCredential[].class);
      StringBuilder text = new StringBuilder("Demo sign-ins (also in " + file + "):");
      for (DemoCredential credential : credentials) {
        text.append(String.format("%n  %-4s %-10s %s", credential.username(), credential.role(), credential.token()));
      }
      LOG.info(text::toString);
    } catch (IOException e) {
      LOG.warning("cannot read " + file + ": " + e.getMessage());
    }
  }
}
