package org.watchfloor.server.enrollment;

/** The addresses enrollment e-mails point to, on the broker's public HTTP port. */
public interface EnrollmentLinks {

  /** The page that confirms a registration, for its verification token. */
  String confirmRegistration(String token);

  /** An owner's manage page, for their manage-entry token. */
  String manageEntry(String token);

  /** The live-sharing page, for an owner's manage-sharing token. */
  String manageSharing(String token);

  /** The page where an owner asks for a new manage link. */
  String manageRequest();
}
