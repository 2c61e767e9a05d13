package org.watchfloor.client.alert;

import java.time.Instant;
import java.util.Optional;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.HotlistHit;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.ViewPurpose;

/**
 * Something that calls for the analyst's attention: a new or escalated CAD incident, or a hotlist
 * hit (with the reader that read it, when the directory has it).
 */
public record Alert(String id, Kind kind, Instant at, Optional<Incident> incident, Optional<HotlistHit> hit, Optional<Camera> reader) {

  /** What happened, in the analyst's words. */
  public enum Kind {
    NEW_INCIDENT("New incident"),
    ESCALATED_INCIDENT("Escalated incident"),
    HOTLIST_HIT("Hotlist hit");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  static Alert of(Kind kind, Incident incident) {
    return new Alert("incident:" + incident.id() + ":" + kind.name() + ":" + incident.priority(), kind,
        kind == Kind.NEW_INCIDENT ? incident.openedAt() : Instant.now(),
        Optional.of(incident), Optional.empty(), Optional.empty());
  }

  static Alert of(HotlistHit hit, Optional<Camera> reader) {
    return new Alert("hit:" + hit.id(), Kind.HOTLIST_HIT, hit.at(), Optional.empty(), Optional.of(hit), reader);
  }

  /** A title, e.g. "Hotlist hit: 4TR882 (NCIC stolen vehicles)". */
  public String headline() {
    return kind.label() + ": " + summary();
  }

  /** What it is about, e.g. "4TR882 (NCIC stolen vehicles)" or "ROBBERY (EMERGENCY), 412 N Limestone". */
  public String summary() {
    return hit.map(h -> h.plate() + " (" + h.hotlist() + ")")
        .orElseGet(() -> incident.orElseThrow().type() + " (" + incident.orElseThrow().priority() + ")"
            + (incident.orElseThrow().address().isEmpty() ? "" : ", " + incident.orElseThrow().address()));
  }

  /** Where it happened: the incident, or the reader that read the plate; empty when the reader is unknown. */
  public Optional<double[]> place() {
    if (incident.isPresent()) {
      return Optional.of(new double[] {incident.get().latitude(), incident.get().longitude()});
    }
    return reader.map(camera -> new double[] {camera.latitude(), camera.longitude()});
  }

  /**
   * What views opened to follow it serve: the incident's CAD number and id (an owner sharing only
   * in emergencies needs the incident), or the case the hotlist entry was filed under (may be empty).
   */
  public ViewPurpose purpose() {
    return incident.map(i -> new ViewPurpose(i.cadNumber(), i.id(), "alert: cameras near " + i.type()))
        .orElseGet(() -> new ViewPurpose(hit.orElseThrow().caseNumber(), "",
            "alert: hotlist hit on " + hit.orElseThrow().plate() + " (" + hit.orElseThrow().hotlist() + ")"));
  }
}
