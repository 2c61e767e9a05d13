package org.watchfloor.server.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.server.Rejection;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.consent.OwnerRegistry;
import org.watchfloor.server.consent.ShareLinks;
import org.watchfloor.server.store.Database;

/**
 * The admin side of the portal: issues an owner's "manage sharing" link (a real share link, stored
 * hashed and audited as PORTAL_LINK_ISSUED), and writes the demo owners' links to {@code
 * portal-links.txt} so that the demo can be tried without a mail server.
 */
public final class SharingInvitations {

  public static final String DEMO_LINKS_FILE = "portal-links.txt";
  static final Duration DEMO_VALIDITY = Duration.ofDays(30);

  private final Database database;
  private final AuditLog audit;
  private final ShareLinks links;
  private final OwnerRegistry owners;
  private final PortalAddresses addresses;
  private final Clock clock;

  public SharingInvitations(
      Database database, AuditLog audit, ShareLinks links, OwnerRegistry owners, PortalAddresses addresses, Clock clock) {
    this.database = database;
    this.audit = audit;
    this.links = links;
    this.owners = owners;
    this.addresses = addresses;
    this.clock = clock;
  }

  /** A new manage-sharing link for {@code ownerId}, valid for {@code validity}; returns its URL. */
  public String issue(Actor issuer, String ownerId, Duration validity) {
    if (!owners.exists(ownerId)) {
      throw Rejection.notFound("no owner with id '" + ownerId + "'");
    }
    Instant expiresAt = clock.instant().plus(validity);
    String token =
        database.inTransaction(
            "issue manage-sharing link for " + ownerId,
            transaction -> {
              String issued = links.issue(transaction, ShareLinks.Use.MANAGE_SHARING, ownerId, ownerId, expiresAt);
              audit.append(transaction, AuditEntry.of(issuer, "PORTAL_LINK_ISSUED", "owner:" + ownerId, "manage sharing, valid until " + expiresAt));
              return issued;
            });
    return addresses.manageSharing(token);
  }

  /**
   * Issues a link for every owner and lists them in {@code DATA_DIR/portal-links.txt}, once: a later
   * start keeps the file (and the links in it) as they are.
   */
  public void writeDemoLinks(Path dataDir) {
    Path file = dataDir.resolve(DEMO_LINKS_FILE);
    if (Files.exists(file)) {
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add("# Demo owners' \"manage sharing\" links (valid " + DEMO_VALIDITY.toDays() + " days). Footage-request links arrive by e-mail (outbox/).");
    for (Owner owner : owners.page("", "", 1000)) {
      lines.add(owner.getId() + "\t" + owner.getDisplayName() + "\t" + issue(Actor.SYSTEM, owner.getId(), DEMO_VALIDITY));
    }
    try {
      Path temporary = Files.createTempFile(dataDir, "portal-links", ".tmp");
      Files.write(temporary, lines, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
