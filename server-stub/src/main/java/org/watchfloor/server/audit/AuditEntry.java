package org.watchfloor.server.audit;

/**
 * What a feature asks the audit log to record: who, what, on which target, why.
 *
 * @param action one of the documented actions, e.g. {@code CAMERA_UPDATED}
 * @param target the thing acted on, e.g. {@code camera:lex-traffic-001}
 * @param caseNumber the case the action serves ("" when the action has no purpose)
 * @param reason the stated reason ("" when none)
 * @param incidentId the incident the purpose names ("" when none)
 * @param detail what else a reviewer needs, e.g. the fields changed
 */
public record AuditEntry(
    Actor actor,
    String action,
    String target,
    String caseNumber,
    String reason,
    String incidentId,
    String detail) {

  /** An admin change or other action that serves no case. */
  public static AuditEntry of(Actor actor, String action, String target, String detail) {
    return new AuditEntry(actor, action, target, "", "", "", detail);
  }
}
