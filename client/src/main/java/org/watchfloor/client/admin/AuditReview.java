package org.watchfloor.client.admin;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchfloor.client.net.AuditRecord;
import org.watchfloor.client.net.AuditSearch;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.ChainCheck;

/**
 * A supervisor's look at the audit log: filters (user, action, camera, case, days), the rows that
 * match, the broker's verification of the hash chain, and the matching rows written out as CSV.
 */
public final class AuditReview {

  /** At most this many rows are fetched at once; narrower filters find older ones. */
  public static final int ROW_LIMIT = 5000;
  /** The actions the contract lists, for the action filter's suggestions (any text is accepted). */
  public static final List<String> KNOWN_ACTIONS = List.of(
      "LIVE_VIEW_OPENED", "LIVE_VIEW_REFUSED", "PLAYBACK_OPENED", "PLAYBACK_REFUSED", "FOOTAGE_REQUESTED",
      "FOOTAGE_WITHDRAWN", "PORTAL_VIEWED", "PORTAL_DECLINED", "PORTAL_CLIP_UPLOADED", "GRANT_CREATED", "GRANT_PAUSED",
      "GRANT_RESUMED", "GRANT_REVOKED", "EXPORT", "LPR_SEARCH", "CAMERA_CREATED", "CAMERA_UPDATED", "CAMERA_DELETED",
      "LAYER_CHANGED", "IMPORT", "USER_CHANGED", "SIGNED_IN", "SIGN_IN_REFUSED", "SIGNED_OUT", "SESSION_EXPIRED",
      "OWNER_CREATED", "RETENTION_REMOVED", "SESSION_TERMINATED", "GRANT_EXPIRED", "FOOTAGE_REQUEST_SENT",
      "FOOTAGE_REQUEST_EXPIRED", "PORTAL_LINK_ISSUED");
  private static final CsvSchema CSV = CsvSchema.builder()
      .addColumn("sequence").addColumn("at").addColumn("user_id").addColumn("username").addColumn("action")
      .addColumn("target").addColumn("case_number").addColumn("reason").addColumn("detail").addColumn("hash")
      .setUseHeader(true).build();

  private final BrokerConnection broker;
  private final BrokerTasks tasks = new BrokerTasks();
  private final StringProperty username = new SimpleStringProperty("");
  private final StringProperty action = new SimpleStringProperty("");
  private final StringProperty cameraId = new SimpleStringProperty("");
  private final StringProperty caseNumber = new SimpleStringProperty("");
  private final ObjectProperty<LocalDate> fromDay = new SimpleObjectProperty<>();
  private final ObjectProperty<LocalDate> toDay = new SimpleObjectProperty<>();
  private final ObservableList<AuditRecord> rows = FXCollections.observableArrayList();
  private final SimpleObjectProperty<ChainCheck> chain = new SimpleObjectProperty<>();
  private final ZoneId zone;

  /** Days in the filter are days of {@code zone} (the workstation's). */
  public AuditReview(BrokerConnection broker, ZoneId zone) {
    this.broker = broker;
    this.zone = zone;
  }

  public BrokerTasks tasks() {
    return tasks;
  }

  public StringProperty usernameProperty() {
    return username;
  }

  public StringProperty actionProperty() {
    return action;
  }

  public StringProperty cameraIdProperty() {
    return cameraId;
  }

  public StringProperty caseNumberProperty() {
    return caseNumber;
  }

  /** The first day to show, inclusive; null: from the start of the log. */
  public ObjectProperty<LocalDate> fromDayProperty() {
    return fromDay;
  }

  /** The last day to show, inclusive; null: up to now. */
  public ObjectProperty<LocalDate> toDayProperty() {
    return toDay;
  }

  /** The rows that matched the last search, newest first. */
  public ObservableList<AuditRecord> rows() {
    return rows;
  }

  /** The last verification of the chain; null before the first. */
  public ReadOnlyObjectProperty<ChainCheck> chainProperty() {
    return chain;
  }

  /** Fetches the rows matching the filters. */
  public void search() {
    if (fromDay.get() != null && toDay.get() != null && toDay.get().isBefore(fromDay.get())) {
      tasks.report(true, "To: must be on or after From (" + fromDay.get() + ")");
      return;
    }
    AuditSearch search = new AuditSearch(username.get().trim(), action.get() == null ? "" : action.get().trim(),
        cameraId.get().trim(), caseNumber.get().trim(),
        Optional.ofNullable(fromDay.get()).map(day -> day.atStartOfDay(zone).toInstant()),
        Optional.ofNullable(toDay.get()).map(day -> day.plusDays(1).atStartOfDay(zone).toInstant()));
    tasks.run(() -> broker.queryAudit(search, ROW_LIMIT), found -> {
      rows.setAll(found);
      tasks.report(false, found.size() + (found.size() == ROW_LIMIT ? "+ rows (the newest " + ROW_LIMIT + "; narrow the filters for older ones)" : " rows"));
    });
  }

  /** Has the broker recompute the whole chain; a break is reported with its row and what is wrong. */
  public void verify() {
    tasks.run(broker::verifyAudit, check -> {
      chain.set(check);
      tasks.report(!check.intact(), check.intact()
          ? "Chain intact: " + check.rowsChecked() + " rows checked, head row " + check.headSequence()
          : "CHAIN BROKEN at row " + check.firstBrokenSequence() + ": " + check.problem());
    });
  }

  /** Writes the rows shown (the filtered ones) to {@code file} as CSV with a header line. */
  public void exportCsv(Path file) {
    List<AuditRecord> shown = List.copyOf(rows);
    tasks.run(() -> {
      write(shown, file);
      return shown.size();
    }, count -> tasks.report(false, "Exported " + count + " rows to " + file));
  }

  static void write(List<AuditRecord> records, Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        SequenceWriter csv = new CsvMapper().writer(CSV).writeValues(out)) {
      for (AuditRecord record : records) {
        csv.write(List.of(Long.toString(record.sequence()), record.at().toString(), record.userId(), record.username(),
            record.action(), record.target(), record.caseNumber(), record.reason(), record.detail(), record.hash()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** For the view: when a row's time falls, in the workstation's zone. */
  public ZoneId zone() {
    return zone;
  }
}
