package org.watchfloor.client.net;

/**
 * Why a view is opened, as the broker audits it: the case it serves (required), an optional
 * incident (needed where an owner shares only during a nearby emergency) and a short reason.
 */
public record ViewPurpose(String caseNumber, String incidentId, String reason) {

  public ViewPurpose {
    caseNumber = caseNumber == null ? "" : caseNumber.strip();
    incidentId = incidentId == null ? "" : incidentId;
    reason = reason == null ? "" : reason;
  }

  public boolean hasCase() {
    return !caseNumber.isEmpty();
  }
}
