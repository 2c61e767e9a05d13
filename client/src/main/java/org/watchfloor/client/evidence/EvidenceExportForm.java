package org.watchfloor.client.evidence;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.EvidenceExportPlan;
import org.watchfloor.client.net.ExportSuggestions;
import org.watchfloor.client.net.Incident;

/**
 * The "Export evidence" form as JavaFX properties (no nodes): the incident, case and reason, the
 * camera windows and shared clips to include (defaults from the incident's bookmarks and nearest
 * recordings), the destination, and the export's progress and outcome.
 */
public final class EvidenceExportForm {

  /** Times are typed and shown in the center's zone, to the second. */
  static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /** The broker's longest window of one camera in one export. */
  static final Duration LONGEST_WINDOW = Duration.ofHours(2);
  /** Recordings are complete a little after the fact: the newest default window ends this long ago. */
  static final Duration SETTLED = Duration.ofSeconds(30);
  static final Duration BEFORE_INCIDENT = Duration.ofMinutes(5);
  static final Duration AFTER_INCIDENT = Duration.ofMinutes(10);
  private static final int NEAREST_DEFAULT = 4;
  private static final int MOST_OFFERED = 9;

  /** One camera window the export may include. */
  public static final class WindowRow {
    final BooleanProperty include = new SimpleBooleanProperty();
    final String cameraId;
    final String cameraName;
    final String why;
    final StringProperty from = new SimpleStringProperty();
    final StringProperty to = new SimpleStringProperty();

    WindowRow(boolean include, String cameraId, String cameraName, String why, String from, String to) {
      this.include.set(include);
      this.cameraId = cameraId;
      this.cameraName = cameraName;
      this.why = why;
      this.from.set(from);
      this.to.set(to);
    }

    public BooleanProperty includeProperty() {
      return include;
    }

    public String cameraId() {
      return cameraId;
    }
  }

  /** One owner-shared clip the export may include. */
  public static final class ClipRow {
    final BooleanProperty include = new SimpleBooleanProperty(true);
    final ExportSuggestions.SharedClip clip;

    ClipRow(ExportSuggestions.SharedClip clip) {
      this.clip = clip;
    }

    public BooleanProperty includeProperty() {
      return include;
    }
  }

  private final BrokerConnection broker;
  private final ZoneId zone;
  private final ObjectProperty<Incident> incident = new SimpleObjectProperty<>();
  private final StringProperty caseNumber = new SimpleStringProperty("");
  private final StringProperty reason = new SimpleStringProperty("");
  private final StringProperty destination = new SimpleStringProperty("");
  private final ObservableList<WindowRow> windows = FXCollections.observableArrayList();
  private final ObservableList<ClipRow> clips = FXCollections.observableArrayList();
  private final DoubleProperty progress = new SimpleDoubleProperty(0);
  private final StringProperty status = new SimpleStringProperty("");
  private final BooleanProperty failed = new SimpleBooleanProperty(false);
  private final BooleanProperty busy = new SimpleBooleanProperty(false);
  private final ObjectProperty<EvidencePackageWriter.Written> written = new SimpleObjectProperty<>();

  public EvidenceExportForm(BrokerConnection broker, ZoneId zone, Path defaultDestination) {
    this.broker = broker;
    this.zone = zone;
    destination.set(defaultDestination.toString());
    incident.addListener((observable, before, chosen) -> {
      if (chosen != null) {
        caseNumber.set(chosen.cadNumber());
        loadSuggestions(chosen);
      }
    });
  }

  public ObjectProperty<Incident> incidentProperty() {
    return incident;
  }

  public StringProperty caseNumberProperty() {
    return caseNumber;
  }

  public StringProperty reasonProperty() {
    return reason;
  }

  public StringProperty destinationProperty() {
    return destination;
  }

  public ObservableList<WindowRow> windows() {
    return windows;
  }

  public ObservableList<ClipRow> clips() {
    return clips;
  }

  public DoubleProperty progressProperty() {
    return progress;
  }

  /** What the form is doing, or why the last export failed. */
  public StringProperty statusProperty() {
    return status;
  }

  public BooleanProperty failedProperty() {
    return failed;
  }

  public BooleanProperty busyProperty() {
    return busy;
  }

  /** The package written by the last export, when it succeeded. */
  public ObjectProperty<EvidencePackageWriter.Written> writtenProperty() {
    return written;
  }

  public ZoneId zone() {
    return zone;
  }

  private void loadSuggestions(Incident chosen) {
    windows.clear();
    clips.clear();
    report(false, "Reading " + chosen.cadNumber() + "'s timeline: bookmarks, recordings nearby, shared clips…");
    offFx(() -> broker.exportSuggestions(chosen.id()), suggestions -> {
      if (incident.get() != chosen) {
        return;
      }
      windows.setAll(defaults(suggestions, Instant.now(), zone));
      suggestions.clips().forEach(clip -> clips.add(new ClipRow(clip)));
      report(false, windows.isEmpty() && clips.isEmpty() ? "Nothing near " + chosen.cadNumber() + " was recorded or shared." : "");
    });
  }

  /**
   * The windows offered first: each bookmarked camera over its bookmarks' windows, chosen; then the
   * nearest recorded cameras from 5 minutes before the incident to 10 after (the nearest four chosen
   * when nothing was bookmarked), at most nine rows, each at most 2 h and ending 30 s ago at the latest.
   */
  static List<WindowRow> defaults(ExportSuggestions suggestions, Instant now, ZoneId zone) {
    Instant latest = now.minus(SETTLED);
    Map<String, WindowRow> rows = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    suggestions.recorded().forEach(camera -> names.putIfAbsent(camera.cameraId(), camera.cameraName()));
    Map<String, List<ExportSuggestions.Bookmark>> byCamera = new LinkedHashMap<>();
    suggestions.bookmarks().stream().sorted(Comparator.comparing(ExportSuggestions.Bookmark::start))
        .forEach(bookmark -> byCamera.computeIfAbsent(bookmark.cameraId(), camera -> new ArrayList<>()).add(bookmark));
    byCamera.forEach((cameraId, bookmarks) -> {
      Instant start = bookmarks.stream().map(ExportSuggestions.Bookmark::start).min(Comparator.naturalOrder()).orElseThrow();
      Instant end = earliest(bookmarks.stream().map(ExportSuggestions.Bookmark::end).max(Comparator.naturalOrder()).orElseThrow(),
          latest, start.plus(LONGEST_WINDOW));
      if (start.isBefore(end)) {
        rows.put(cameraId, new WindowRow(true, cameraId, names.getOrDefault(cameraId, cameraId),
            "bookmark: " + bookmarks.get(0).note() + (bookmarks.size() > 1 ? " (+" + (bookmarks.size() - 1) + ")" : ""),
            format(start, zone), format(end, zone)));
      }
    });
    boolean bookmarked = !rows.isEmpty();
    int nearest = 0;
    for (ExportSuggestions.RecordedCamera camera : suggestions.recorded()) {
      if (rows.size() >= MOST_OFFERED) {
        break;
      }
      if (rows.containsKey(camera.cameraId())) {
        continue;
      }
      Instant start = latestOf(camera.start(), suggestions.incidentOpenedAt().minus(BEFORE_INCIDENT));
      Instant end = earliest(camera.end(), latest, suggestions.incidentOpenedAt().plus(AFTER_INCIDENT));
      if (end.isAfter(start.plus(LONGEST_WINDOW))) {
        end = start.plus(LONGEST_WINDOW);
      }
      if (start.isBefore(end)) {
        rows.put(camera.cameraId(), new WindowRow(!bookmarked && nearest++ < NEAREST_DEFAULT, camera.cameraId(), camera.cameraName(),
            Math.round(camera.distanceMeters()) + " m away", format(start, zone), format(end, zone)));
      }
    }
    return new ArrayList<>(rows.values());
  }

  private static Instant earliest(Instant first, Instant... others) {
    Instant earliest = first;
    for (Instant other : others) {
      earliest = other.isBefore(earliest) ? other : earliest;
    }
    return earliest;
  }

  private static Instant latestOf(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  static String format(Instant instant, ZoneId zone) {
    return LOCAL_TIME.format(instant.atZone(zone));
  }

  /** Checks the form, then exports off the FX thread; progress and the outcome come back on it. */
  public void export() {
    Incident chosen = incident.get();
    if (chosen == null) {
      report(true, "Choose the incident the evidence is about.");
      return;
    }
    if (caseNumber.get().isBlank() || reason.get().isBlank()) {
      report(true, caseNumber.get().isBlank() ? "Give the case number: the export serves a case, and the broker audits it."
          : "Give the reason for the export (e.g. \"for the prosecutor\"); it is written into the package and the audit log.");
      return;
    }
    List<EvidenceExportPlan.CameraWindow> chosenWindows = new ArrayList<>();
    for (WindowRow row : windows) {
      if (row.include.get()) {
        try {
          chosenWindows.add(new EvidenceExportPlan.CameraWindow(row.cameraId, parse(row.from.get()), parse(row.to.get())));
        } catch (DateTimeParseException e) {
          report(true, row.cameraName + ": '" + e.getParsedString() + "' is not a time like 2026-03-01 14:05:00 (" + zone + ")");
          return;
        }
      }
    }
    List<EvidenceExportPlan.SharedClipChoice> chosenClips = clips.stream().filter(row -> row.include.get())
        .map(row -> new EvidenceExportPlan.SharedClipChoice(row.clip.footageRequestId(), row.clip.clipId())).toList();
    if (chosenWindows.isEmpty() && chosenClips.isEmpty()) {
      report(true, "Choose at least one camera window or shared clip.");
      return;
    }
    if (destination.get().isBlank()) {
      report(true, "Choose the folder the package is written to.");
      return;
    }
    EvidenceExportPlan.Order order = new EvidenceExportPlan.Order(chosen.id(), caseNumber.get().strip(), reason.get().strip(), workstation(),
        chosenWindows, chosenClips);
    Path folder = Path.of(destination.get().strip());
    written.set(null);
    progress.set(0);
    offFx(() -> {
      try {
        return new EvidencePackageWriter(broker).export(order, folder, (fraction, doing) -> Platform.runLater(() -> {
          progress.set(fraction);
          status.set(doing);
        }));
      } catch (EvidencePackageWriter.ExportFailed e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }, done -> {
      written.set(done);
      report(false, "Exported " + done.files() + " files (" + (done.bytes() / 1024) + " KiB), signed by the broker.");
    });
  }

  private Instant parse(String text) {
    return LocalDateTime.parse(text.strip(), LOCAL_TIME).atZone(zone).toInstant();
  }

  private static String workstation() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getProperty("user.name", "unknown") + " workstation";
    }
  }

  private void report(boolean failure, String text) {
    failed.set(failure);
    status.set(text);
  }

  /** The one place this feature hands work off the FX thread and its answer back onto it. */
  private <T> void offFx(java.util.function.Supplier<T> work, Consumer<T> onAnswer) {
    busy.set(true);
    CompletableFuture.supplyAsync(work).whenComplete((answer, error) -> Platform.runLater(() -> {
      busy.set(false);
      if (error == null) {
        onAnswer.accept(answer);
        return;
      }
      Throwable cause = error.getCause() != null ? error.getCause() : error;
      progress.set(0);
      report(true, cause instanceof BrokerRefusal ? "The broker refused: " + cause.getMessage() : cause.getMessage());
    }));
  }
}
