package org.watchfloor.server.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.GrantScope;
import org.watchfloor.proto.v1.LiveShareGrant;
import org.watchfloor.proto.v1.ScheduleWindow;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.proto.v1.Priority;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.TimelineEventType;
import org.watchfloor.proto.v1.ImportMode;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.proto.v1.Layer;
import org.watchfloor.proto.v1.LayerStyle;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.OwnerType;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.StreamProfile;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.proto.v1.StreamRole;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.auth.UserDirectory;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.CameraImport;
import org.watchfloor.server.camera.LayerCatalog;
import org.watchfloor.server.consent.GrantBook;
import org.watchfloor.server.consent.OwnerRegistry;
import org.watchfloor.server.incident.IncidentBoard;
import org.watchfloor.server.store.ProtoTime;

/**
 * Seeds an empty store with the Lexington, Kentucky demo world: demo users (their passwords and
 * bearer tokens written to {@code demo-credentials.json} and printed at every start), layers, owners, the real
 * OpenStreetMap licence-plate readers of Lexington and a few hundred fictional cameras. Everything
 * goes through the same audited calls an admin would make, as the actor "system".
 */
public final class DemoWorld {

  /** One demo sign-in as written to {@code demo-credentials.json}: a password for people, a token for scripts. */
  public record DemoCredential(String username, String displayName, String role, String password, String token) {

    DemoCredential withPassword(String newPassword) {
      return new DemoCredential(username, displayName, role, newPassword, token);
    }
  }

  public static final String CREDENTIALS_FILE = "demo-credentials.json";
  /** Organisations of the demo users, as the transparency page lists them. */
  private static final String DEMO_CENTER = "Lexington Police Department (demo)";
  private static final String DEMO_CITY_IT = "Lexington City IT (demo)";
  private static final Logger LOG = Logger.getLogger(DemoWorld.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final UserDirectory users;
  private final CameraDirectory cameras;
  private final LayerCatalog layers;
  private final OwnerRegistry owners;
  private final IncidentBoard incidents;
  private final GrantBook grants;
  private final CameraImport cameraImport;
  private final Clock clock;

  public DemoWorld(
      UserDirectory users,
      CameraDirectory cameras,
      LayerCatalog layers,
      OwnerRegistry owners,
      IncidentBoard incidents,
      GrantBook grants,
      CameraImport cameraImport,
      Clock clock) {
    this.users = users;
    this.cameras = cameras;
    this.layers = layers;
    this.owners = owners;
    this.incidents = incidents;
    this.grants = grants;
    this.cameraImport = cameraImport;
    this.clock = clock;
  }

  /** Seeds users and the world when the store has none, then prints the demo sign-ins. */
  public void seedIfEmpty(Path dataDir) {
    Path credentialsFile = dataDir.resolve(CREDENTIALS_FILE);
    if (users.page("", 1, true).isEmpty()) {
      writeCredentials(credentialsFile, createUsers());
    } else {
      givePasswordsToOlderDemoUsers(credentialsFile);
    }
    if (cameras.size() == 0 && layers.all().isEmpty()) {
      seedWorld();
    }
    printCredentials(credentialsFile);
  }

  private void seedWorld() {
    JsonNode world = readJson("lexington-world.json");
    for (JsonNode layer : world.get("layers")) {
      layers.create(
          Actor.SYSTEM,
          Layer.newBuilder()
              .setId(layer.get("id").asText())
              .setName(layer.get("name").asText())
              .setDescription(layer.path("description").asText())
              .setStyle(LayerStyle.newBuilder().setColor(layer.get("color").asText()).setIcon(layer.path("icon").asText()))
              .setVisibleByDefault(layer.path("visibleByDefault").asBoolean(true))
              .setOrder(layer.path("order").asInt())
              .build());
    }
    for (JsonNode owner : world.get("owners")) {
      owners.create(
          Actor.SYSTEM,
          Owner.newBuilder()
              .setId(owner.get("id").asText())
              .setDisplayName(owner.get("displayName").asText())
              .setOrganization(owner.path("organization").asText())
              .setEmail(owner.get("email").asText())
              .setPhone(owner.path("phone").asText())
              .setType(OwnerType.valueOf("OWNER_TYPE_" + owner.get("type").asText()))
              .setTimeZone(owner.get("timeZone").asText())
              .build());
    }
    importFile("lexington-alpr.geojson", ImportFormat.IMPORT_FORMAT_GEOJSON, "openstreetmap",
        CameraKind.CAMERA_KIND_LPR, "ODbL-1.0", "© OpenStreetMap contributors");
    importFile("lexington-cameras.csv", ImportFormat.IMPORT_FORMAT_CSV, "demo:lexington",
        CameraKind.CAMERA_KIND_UNSPECIFIED, "", "fictional, generated for the Watchfloor demo");
    addStreamProfiles(world.get("streamProfiles"));
    Map<String, String> idsBySourceRecord = idsBySourceRecord();
    assignLayers(world.get("layers"), idsBySourceRecord);
    reportIncidents(world.get("incidents"), idsBySourceRecord);
    giveGrants(world.get("grants"), world.get("owners"), idsBySourceRecord);
    LOG.info(() -> "Seeded the Lexington demo world: " + cameras.size() + " cameras, " + layers.all().size()
        + " layers, " + incidents.list(IncidentStatus.INCIDENT_STATUS_OPEN, java.util.Optional.empty()).size() + " open incidents");
  }

  private void importFile(String resource, ImportFormat format, String source, CameraKind defaultKind, String licence, String attribution) {
    ImportReport report =
        cameraImport.run(
            Actor.SYSTEM,
            new CameraImport.Request(format, readBytes(resource), source, "", defaultKind, false,
                ImportMode.IMPORT_MODE_CREATE_OR_UPDATE, licence, attribution, Map.of()));
    if (report.getRejected() > 0) {
      LOG.warning(resource + ": " + report.getRejected() + " records rejected");
    }
  }

  /**
   * The stream profiles the demo's cameras offer (the simulator serves them); public cameras also
   * record continuously for a week, private ones never.
   */
  private void addStreamProfiles(JsonNode groups) {
    for (JsonNode group : groups) {
      Set<CameraKind> kinds = new HashSet<>();
      group.get("cameraKinds").forEach(kind -> kinds.add(CameraKind.valueOf("CAMERA_KIND_" + kind.asText())));
      List<StreamProfile> profiles = new ArrayList<>();
      for (JsonNode profile : group.get("profiles")) {
        profiles.add(
            StreamProfile.newBuilder()
                .setName(profile.get("name").asText())
                .setRole(StreamRole.valueOf("STREAM_ROLE_" + profile.get("role").asText()))
                .setProtocol(StreamProtocol.valueOf("STREAM_PROTOCOL_" + profile.get("protocol").asText()))
                .setWidth(profile.get("width").asInt())
                .setHeight(profile.get("height").asInt())
                .setFrameRate(profile.get("frameRate").asDouble())
                .setCodec(profile.get("codec").asText())
                .setBitrateKbps(profile.path("bitrateKbps").asInt())
                .setHasAudio(profile.path("hasAudio").asBoolean())
                .build());
      }
      List<String> ids =
          cameras.snapshot().entities().stream().filter(camera -> kinds.contains(camera.getKind())).map(Camera::getId).toList();
      cameras.editMany(
          "demo stream profiles",
          ids,
          camera -> {
            boolean isPublic = camera.getKind() == CameraKind.CAMERA_KIND_TRAFFIC || camera.getKind() == CameraKind.CAMERA_KIND_CITY_CCTV;
            Camera.Builder withStreams = camera.toBuilder().clearStreams().addAllStreams(profiles).setUpdatedAt(ProtoTime.toTimestamp(clock.instant()));
            if (isPublic) {
              withStreams.setContinuousRecording(true).setRecordingRetention(com.google.protobuf.Duration.newBuilder().setSeconds(Duration.ofDays(7).toSeconds()));
            }
            return withStreams.build();
          },
          transaction -> {});
    }
  }

  /** Camera ids by the source record ids the world file uses (OSM node ids without "node/"). */
  private Map<String, String> idsBySourceRecord() {
    Map<String, String> idsBySourceRecord = new HashMap<>();
    for (Camera camera : cameras.snapshot().entities()) {
      String sourceId = camera.getProvenance().getSourceRecordId();
      idsBySourceRecord.put(sourceId, camera.getId());
      if (sourceId.startsWith("node/")) {
        idsBySourceRecord.put(sourceId.substring("node/".length()), camera.getId());
      }
    }
    return idsBySourceRecord;
  }

  /**
   * The world file's incidents as CAD would report them, their times counted back from now, with
   * their CAD notes and plate reads.
   */
  private void reportIncidents(JsonNode incidentNodes, Map<String, String> idsBySourceRecord) {
    Instant now = clock.instant();
    for (JsonNode node : incidentNodes) {
      Incident.Builder incident =
          Incident.newBuilder()
              .setId(node.get("id").asText())
              .setCadNumber(node.get("cadNumber").asText())
              .setType(node.get("type").asText())
              .setPriority(Priority.valueOf("PRIORITY_" + node.get("priority").asText()))
              .setLocation(GeoPoint.newBuilder().setLatitude(node.get("latitude").asDouble()).setLongitude(node.get("longitude").asDouble()))
              .setAddress(node.path("address").asText())
              .setSummary(node.path("summary").asText())
              .setStatus(IncidentStatus.valueOf("INCIDENT_STATUS_" + node.get("status").asText()))
              .setOpenedAt(ProtoTime.toTimestamp(now.minus(Duration.ofMinutes(node.get("openedMinutesAgo").asLong()))));
      if (node.has("closedMinutesAgo")) {
        incident.setClosedAt(ProtoTime.toTimestamp(now.minus(Duration.ofMinutes(node.get("closedMinutesAgo").asLong()))));
      }
      incidents.report(incident.build());
      for (JsonNode entry : node.path("timeline")) {
        Instant at = now.minus(Duration.ofMinutes(entry.get("minutesAgo").asLong()));
        String cameraId = idsBySourceRecord.getOrDefault(entry.path("cameraSourceId").asText(), "");
        TimelineEvent.Builder event =
            TimelineEvent.newBuilder()
                .setIncidentId(node.get("id").asText())
                .setAt(ProtoTime.toTimestamp(at))
                .setType(TimelineEventType.valueOf("TIMELINE_EVENT_TYPE_" + entry.get("type").asText()))
                .setText(entry.path("text").asText())
                .setAuthor(entry.path("author").asText())
                .setCameraId(cameraId);
        if (entry.has("plate")) {
          event.setLprHit(
              LprHit.newBuilder()
                  .setId("lpr-" + node.get("id").asText() + "-" + entry.get("minutesAgo").asText())
                  .setPlate(entry.get("plate").asText())
                  .setPlateRegion(entry.path("plateRegion").asText())
                  .setConfidence(entry.path("confidence").asDouble())
                  .setCameraId(cameraId)
                  .setAt(ProtoTime.toTimestamp(at))
                  .setHotlist(entry.path("hotlist").asText())
                  .setVehicleDescription(entry.path("vehicleDescription").asText()));
        }
        incidents.addEvent(event.build());
      }
    }
  }

  /**
   * The live-share grants the demo's owners give, each through the owner's own action (audited as
   * the owner), then paused where the world file says so.
   */
  private void giveGrants(JsonNode grantNodes, JsonNode ownerNodes, Map<String, String> idsBySourceRecord) {
    Map<String, JsonNode> ownerOfSource = new HashMap<>();
    for (JsonNode owner : ownerNodes) {
      owner.get("cameraSourceIds").forEach(source -> ownerOfSource.put(source.asText(), owner));
    }
    for (JsonNode node : grantNodes) {
      String source = node.get("cameraSourceId").asText();
      JsonNode owner = ownerOfSource.get(source);
      String cameraId = idsBySourceRecord.get(source);
      if (owner == null || cameraId == null) {
        LOG.warning("demo grant for unknown camera or owner: " + source);
        continue;
      }
      Actor ownerActor = Actor.owner(owner.get("id").asText(), owner.get("displayName").asText());
      LiveShareGrant.Builder grant =
          LiveShareGrant.newBuilder()
              .setCameraId(cameraId)
              .setScope(GrantScope.valueOf("GRANT_SCOPE_" + node.get("scope").asText()))
              .setEmergencyRadiusMeters(node.path("emergencyRadiusMeters").asDouble())
              .setTimeZone(owner.get("timeZone").asText())
              .setOwnerNote(node.path("ownerNote").asText());
      for (JsonNode window : node.path("scheduleWindows")) {
        grant.addSchedule(
            ScheduleWindow.newBuilder()
                .setDayOfWeekValue(window.get("weekday").asInt())
                .setStartLocalTime(window.get("start").asText())
                .setEndLocalTime(window.get("end").asText()));
      }
      LiveShareGrant given = grants.grant(ownerActor, owner.get("id").asText(), grant.build());
      if (node.path("status").asText().equals("PAUSED")) {
        grants.pause(ownerActor, owner.get("id").asText(), given.getId());
      }
    }
  }

  /** Layers by kind, and the thematic ones by the source ids the world file lists. */
  private void assignLayers(JsonNode layerNodes, Map<String, String> idsBySourceRecord) {
    for (JsonNode layer : layerNodes) {
      Set<CameraKind> kinds = new HashSet<>();
      layer.path("cameraKinds").forEach(kind -> kinds.add(CameraKind.valueOf("CAMERA_KIND_" + kind.asText())));
      Set<String> members = new java.util.LinkedHashSet<>();
      cameras.snapshot().entities().stream().filter(camera -> kinds.contains(camera.getKind())).forEach(camera -> members.add(camera.getId()));
      for (JsonNode sourceId : layer.path("cameraSourceIds")) {
        String id = idsBySourceRecord.get(sourceId.asText());
        if (id == null) {
          LOG.warning("demo layer " + layer.get("id").asText() + " names unknown camera " + sourceId.asText());
        } else {
          members.add(id);
        }
      }
      layers.assign(Actor.SYSTEM, layer.get("id").asText(), List.copyOf(members), List.of());
    }
  }

  /**
   * Gives a new demo data folder the example center's published texts ({@code public-trust.json}
   * and its use policy), which the transparency page shows; an existing file is the center's own.
   */
  public static void writePublicTrustIfAbsent(Path dataDir) {
    Path settings = dataDir.resolve("public-trust.json");
    if (Files.exists(settings)) {
      return;
    }
    try {
      Files.write(dataDir.resolve("use-policy.md"), readBytes("use-policy.md"));
      Files.write(settings, readBytes("public-trust.json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo's public-trust settings into " + dataDir, e);
    }
  }

  private static JsonNode readJson(String resource) {
    try {
      return JSON.readTree(readBytes(resource));
    } catch (IOException e) {
      throw new UncheckedIOException("the demo world file " + resource + " is unreadable", e);
    }
  }

  private static byte[] readBytes(String resource) {
    try (InputStream in = DemoWorld.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the demo world file " + resource + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo world file " + resource, e);
    }
  }

  private List<DemoCredential> createUsers() {
    List<DemoCredential> credentials = new ArrayList<>();
    credentials.add(create("ana", "Ana Analyst", DEMO_CENTER, Role.ROLE_ANALYST));
    credentials.add(create("sam", "Sam Supervisor", DEMO_CENTER, Role.ROLE_SUPERVISOR));
    credentials.add(create("ada", "Ada Admin", DEMO_CITY_IT, Role.ROLE_ADMIN));
    return credentials;
  }

  private DemoCredential create(String username, String displayName, String organisation, Role role) {
    String password = UserDirectory.newPassword();
    UserDirectory.IssuedUser issued = users.create(
        Actor.SYSTEM, new UserDirectory.NewUser(username, displayName, EnumSet.of(role), organisation, password));
    return new DemoCredential(username, displayName, role.name().substring("ROLE_".length()), password, issued.token());
  }

  /** A data folder seeded before users had passwords: its demo users get one, through the audited admin call. */
  private void givePasswordsToOlderDemoUsers(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      DemoCredential[] credentials = JSON.readValue(file.toFile(), DemoCredential[].class);
      boolean changed = false;
      for (int i = 0; i < credentials.length; i++) {
        if (credentials[i].password() == null) {
          String username = credentials[i].username();
          String password = UserDirectory.newPassword();
          users.page("", 1000, true).stream().filter(user -> user.username().equals(username)).findFirst()
              .ifPresent(user -> users.resetPassword(Actor.SYSTEM, user.id(), password, user.revision()));
          credentials[i] = credentials[i].withPassword(password);
          changed = true;
        }
      }
      if (changed) {
        writeCredentials(file, List.of(credentials));
      }
    } catch (IOException e) {
      LOG.warning("cannot read " + file + ": " + e.getMessage());
    }
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
        text.append(String.format("%n  %-4s %-10s password %s  token %s",
            credential.username(), credential.role(), credential.password(), credential.token()));
      }
      LOG.info(text::toString);
    } catch (IOException e) {
      LOG.warning("cannot read " + file + ": " + e.getMessage());
    }
  }
}
