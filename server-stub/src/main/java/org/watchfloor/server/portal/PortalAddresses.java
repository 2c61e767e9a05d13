package org.watchfloor.server.portal;

import java.util.function.Supplier;

/**
 * The URL scheme of everything owners and clients reach on the broker's HTTP port: {@code
 * /portal/r/<token>} answers a footage request, {@code /portal/g/<token>} manages live sharing,
 * {@code /evidence/<token>} downloads one clip.
 */
public final class PortalAddresses {

  public static final String PORTAL_PATH = "/portal/";
  public static final String EVIDENCE_PATH = "/evidence/";
  static final String REQUEST = "r";
  static final String GRANTS = "g";

  private final Supplier<String> base;

  /** {@code base} is the public URL without a trailing slash, known once the HTTP port is bound. */
  public PortalAddresses(Supplier<String> base) {
    this.base = base;
  }

  public String footageRequest(String token) {
    return base.get() + PORTAL_PATH + REQUEST + "/" + token;
  }

  public String manageSharing(String token) {
    return base.get() + PORTAL_PATH + GRANTS + "/" + token;
  }

  public String clipDownload(String token) {
    return base.get() + EVIDENCE_PATH + token;
  }
}
