package org.watchfloor.server.portal;

import java.util.function.Supplier;
import org.watchfloor.server.enrollment.EnrollmentLinks;

/**
 * The URL scheme of everything owners and clients reach on the broker's HTTP port: {@code
 * /portal/r/<token>} answers a footage request, {@code /portal/g/<token>} manages live sharing,
 * {@code /portal/m/<token>} manages an owner's whole entry, {@code /evidence/<token>} downloads one
 * clip, {@code /register} lets owners opt in and {@code /register/confirm/<token>} confirms it.
 */
public final class PortalAddresses implements EnrollmentLinks {

  public static final String PORTAL_PATH = "/portal/";
  public static final String EVIDENCE_PATH = "/evidence/";
  static final String REQUEST = "r";
  static final String GRANTS = "g";
  static final String MANAGE = "m";
  public static final String REGISTER_PATH = "/register";

  private final Supplier<String> base;

  /** {@code base} is the public URL without a trailing slash, known once the HTTP port is bound. */
  public PortalAddresses(Supplier<String> base) {
    this.base = base;
  }

  public String footageRequest(String token) {
    return base.get() + PORTAL_PATH + REQUEST + "/" + token;
  }

  @Override
  public String manageSharing(String token) {
    return base.get() + PORTAL_PATH + GRANTS + "/" + token;
  }

  @Override
  public String confirmRegistration(String token) {
    return base.get() + REGISTER_PATH + "/confirm/" + token;
  }

  @Override
  public String manageEntry(String token) {
    return base.get() + PORTAL_PATH + MANAGE + "/" + token;
  }

  @Override
  public String manageRequest() {
    return base.get() + REGISTER_PATH + "/manage";
  }

  public String clipDownload(String token) {
    return base.get() + EVIDENCE_PATH + token;
  }
}
