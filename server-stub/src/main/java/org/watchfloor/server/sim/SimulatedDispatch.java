package org.watchfloor.server.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.proto.v1.LprHit;
import org.watchfloor.proto.v1.Priority;
import org.watchfloor.proto.v1.TimelineEvent;
import org.watchfloor.proto.v1.TimelineEventType;
import org.watchfloor.server.BackgroundWork;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.incident.IncidentBoard;
import org.watchfloor.server.store.ProtoTime;

/**
 * The demo's CAD and LPR feed: new incidents near the demo's public cameras, escalations of the
 * ones it opened, and hotlist hits on Lexington's real plate readers, at the rates the broker was
 * started with. Everything enters through {@link IncidentBoard}, as the real integrations' reports do.
 */
public final class SimulatedDispatch implements AutoCloseable {

  /**
   * How often the feed reports, per hour; 0 turns that part off.
   *
   * @param incidentsPerHour new or escalated CAD incidents
   * @param hotlistHitsPerHour plate reads that match a hotlist
   */
  public record Rates(int incidentsPerHour, int hotlistHitsPerHour) {

    public static final int MAX_PER_HOUR = 3600;

    /** A few of each an hour, as a center sees on a quiet shift. */
    public static Rates defaults() {
      return new Rates(3, 4);
    }

    public Rates {
      if (incidentsPerHour < 0 || incidentsPerHour > MAX_PER_HOUR) {
        throw new IllegalArgumentException("--sim-incidents-per-hour must be from 0 to " + MAX_PER_HOUR + ", not " + incidentsPerHour);
      }
      if (hotlistHitsPerHour < 0 || hotlistHitsPerHour > MAX_PER_HOUR) {
        throw new IllegalArgumentException("--sim-hotlist-hits-per-hour must be from 0 to " + MAX_PER_HOUR + ", not " + hotlistHitsPerHour);
      }
    }
  }

  private record CallType(String type, Priority priority, String summary) {}

  private static final Logger LOG = Logger.getLogger(SimulatedDispatch.class.getName());
  private static final String SOURCE = "CAD (simulated)";
  /** Simulated incidents close after this, so the demo's open list stays short. */
  private static final Duration OPEN_FOR = Duration.ofHours(2);
  private static final List<CallType> CALLS = List.of(
      new CallType("ROBBERY", Priority.PRIORITY_EMERGENCY, "Armed robbery reported, suspect fled on foot"),
      new CallType("SHOTS_FIRED", Priority.PRIORITY_EMERGENCY, "Several shots heard, no victim found yet"),
      new CallType("ASSAULT", Priority.PRIORITY_URGENT, "Fight in progress, one person down"),
      new CallType("MVA", Priority.PRIORITY_URGENT, "Two-vehicle crash with injuries, lanes blocked"),
      new CallType("BURGLARY", Priority.PRIORITY_ROUTINE, "Business alarm, rear door found open"),
      new CallType("SUSPICIOUS_VEHICLE", Priority.PRIORITY_ROUTINE, "Vehicle circling the block, occupants checking car doors"));
  private static final List<String> HOTLISTS = List.of(
      "NCIC stolen vehicles", "NCIC stolen plates", "LPD custom: robbery suspect vehicle", "AMBER alert vehicle");
  private static final List<String> VEHICLES = List.of(
      "silver sedan, Nissan Altima", "black SUV, Chevrolet Tahoe", "white pickup, Ford F-150", "red hatchback, Honda Fit",
      "blue sedan, Toyota Camry", "grey minivan, Dodge Caravan", "green sedan, Hyundai Elantra");

  private final IncidentBoard incidents;
  private final CameraDirectory cameras;
  private final Clock clock;
  private final Random random = new Random();
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "simulated-dispatch");
        thread.setDaemon(true);
        return thread;
      });

  public SimulatedDispatch(IncidentBoard incidents, CameraDirectory cameras, Clock clock) {
    this.incidents = incidents;
    this.cameras = cameras;
    this.clock = clock;
  }

  /**
   * Reports at {@code rates} while {@code leads} (one feed for several brokers) until closed, each
   * kind evenly spaced, the first after one interval.
   */
  public SimulatedDispatch start(Rates rates, java.util.function.BooleanSupplier leads) {
    every(rates.incidentsPerHour(), leads, this::reportIncident);
    every(rates.hotlistHitsPerHour(), leads, this::reportHotlistHit);
    return this;
  }

  private void every(int perHour, java.util.function.BooleanSupplier leads, Runnable report) {
    if (perHour == 0) {
      return;
    }
    long period = TimeUnit.HOURS.toMillis(1) / perHour;
    schedule.scheduleAtFixedRate(() -> {
      try {
        if (leads.getAsBoolean()) {
          report.run();
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "the simulated dispatch feed could not report", e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * As CAD would: escalates one of the feed's open routine or urgent incidents, or (every other time,
   * or when none is open) opens a new one beside a public camera. Returns the incident as stored.
   */
  public synchronized Optional<Incident> reportIncident() {
    Instant now = clock.instant();
    List<Incident> simulated = incidents.list(IncidentStatus.INCIDENT_STATUS_OPEN, Optional.empty()).stream()
        .filter(incident -> incident.getId().startsWith("inc-sim-")).toList();
    for (Incident old : simulated) {
      if (ProtoTime.toInstant(old.getOpenedAt()).isBefore(now.minus(OPEN_FOR))) {
        incidents.report(old.toBuilder().setStatus(IncidentStatus.INCIDENT_STATUS_CLOSED).setClosedAt(ProtoTime.toTimestamp(now)).build());
      }
    }
    Optional<Incident> escalatable = simulated.stream()
        .filter(incident -> incident.getPriority() != Priority.PRIORITY_EMERGENCY
            && !ProtoTime.toInstant(incident.getOpenedAt()).isBefore(now.minus(OPEN_FOR)))
        .findFirst();
    if (escalatable.isPresent() && random.nextBoolean()) {
      Incident before = escalatable.get();
      Priority raised = before.getPriority() == Priority.PRIORITY_ROUTINE ? Priority.PRIORITY_URGENT : Priority.PRIORITY_EMERGENCY;
      Incident escalated = incidents.report(before.toBuilder().setPriority(raised)
          .setSummary(before.getSummary() + "; caller reports a weapon").build());
      incidents.addEvent(TimelineEvent.newBuilder().setIncidentId(before.getId()).setAt(ProtoTime.toTimestamp(now))
          .setType(TimelineEventType.TIMELINE_EVENT_TYPE_STATUS_CHANGE).setAuthor(SOURCE)
          .setText("Priority " + name(before.getPriority()) + " -> " + name(raised)).build());
      return Optional.of(escalated);
    }
    List<Camera> near = camerasOf(CameraKind.CAMERA_KIND_TRAFFIC, CameraKind.CAMERA_KIND_CITY_CCTV);
    if (near.isEmpty()) {
      return Optional.empty();
    }
    Camera camera = near.get(random.nextInt(near.size()));
    CallType call = CALLS.get(random.nextInt(CALLS.size()));
    String number = String.format("%06d", random.nextInt(1_000_000));
    Incident opened = incidents.report(Incident.newBuilder()
        .setId("inc-sim-" + number)
        .setCadNumber("LEX-" + now.atOffset(ZoneOffset.UTC).getYear() % 100 + "-" + number)
        .setType(call.type())
        .setPriority(call.priority())
        .setLocation(offset(camera.getLocation()))
        .setAddress(camera.getAddress().isEmpty() ? camera.getName() : camera.getAddress())
        .setSummary(call.summary())
        .setStatus(IncidentStatus.INCIDENT_STATUS_OPEN)
        .setOpenedAt(ProtoTime.toTimestamp(now))
        .build());
    incidents.addEvent(TimelineEvent.newBuilder().setIncidentId(opened.getId()).setAt(ProtoTime.toTimestamp(now))
        .setType(TimelineEventType.TIMELINE_EVENT_TYPE_CAD_NOTE).setAuthor(SOURCE).setText(call.summary() + ".").build());
    return Optional.of(opened);
  }

  /** As the LPR integration would: a hotlist hit on one of the real plate readers. Empty when the directory has none. */
  public synchronized Optional<LprHit> reportHotlistHit() {
    List<Camera> readers = camerasOf(CameraKind.CAMERA_KIND_LPR);
    if (readers.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Camera reader = readers.get(random.nextInt(readers.size()));
    String hotlist = HOTLISTS.get(random.nextInt(HOTLISTS.size()));
    String plate = "" + (1 + random.nextInt(9)) + letters(2) + (100 + random.nextInt(900));
    LprHit hit = LprHit.newBuilder()
        .setId("lpr-sim-" + Long.toString(now.toEpochMilli(), 36) + "-" + random.nextInt(1000))
        .setPlate(plate)
        .setPlateRegion("US-KY")
        .setConfidence(0.85 + random.nextInt(14) / 100.0)
        .setCameraId(reader.getId())
        .setAt(ProtoTime.toTimestamp(now))
        .setHotlist(hotlist)
        .setVehicleDescription(VEHICLES.get(random.nextInt(VEHICLES.size())))
        .setCaseNumber(hotlist.startsWith("NCIC") ? "NIC/V" + String.format("%09d", random.nextInt(1_000_000_000))
            : "LEX-" + now.atOffset(ZoneOffset.UTC).getYear() % 100 + "-" + String.format("%06d", random.nextInt(1_000_000)))
        .build();
    incidents.addEvent(TimelineEvent.newBuilder().setAt(hit.getAt()).setType(TimelineEventType.TIMELINE_EVENT_TYPE_LPR_HIT)
        .setAuthor("LPR (simulated)").setCameraId(reader.getId()).setLprHit(hit)
        .setText("Hotlist hit (" + hotlist + "): KY " + plate + ", " + hit.getVehicleDescription() + ", read by " + reader.getName()).build());
    return Optional.of(hit);
  }

  private List<Camera> camerasOf(CameraKind... kinds) {
    List<CameraKind> wanted = List.of(kinds);
    return cameras.snapshot().entities().stream().filter(camera -> wanted.contains(camera.getKind())).toList();
  }

  private String letters(int count) {
    StringBuilder letters = new StringBuilder();
    for (int i = 0; i < count; i++) {
      letters.append((char) ('A' + random.nextInt(26)));
    }
    return letters.toString();
  }

  /** Within about 60 m of the camera: incidents happen near cameras, not on them. */
  private GeoPoint offset(GeoPoint camera) {
    return GeoPoint.newBuilder()
        .setLatitude(camera.getLatitude() + (random.nextDouble() - 0.5) * 0.001)
        .setLongitude(camera.getLongitude() + (random.nextDouble() - 0.5) * 0.0013)
        .build();
  }

  private static String name(Priority priority) {
    return priority.name().substring("PRIORITY_".length());
  }

  @Override
  public void close() {
    BackgroundWork.stop(schedule);
  }
}
