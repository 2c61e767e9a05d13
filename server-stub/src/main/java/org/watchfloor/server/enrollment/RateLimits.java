package org.watchfloor.server.enrollment;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.watchfloor.server.Sha256;
import org.watchfloor.server.store.EnrollmentAttemptStore;
import org.watchfloor.server.store.Transaction;

/**
 * How many e-mails visitors may cause an hour (registrations and manage-link requests together), per
 * client address and per e-mail address, so that the pages cannot be used to flood an inbox. Counted
 * in the database, so every broker instance shares the count; addresses are kept only as hashes.
 */
public final class RateLimits {

  private static final Duration WINDOW = Duration.ofHours(1);

  /** A limit was reached; {@code field} is the form field it concerns ("" for the client itself). */
  public static final class LimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    LimitReached(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  private final int perClientAddress;
  private final int perEmail;
  private final Clock clock;

  public RateLimits(int perClientAddress, int perEmail, Clock clock) {
    this.perClientAddress = perClientAddress;
    this.perEmail = perEmail;
    this.clock = clock;
  }

  /** Counts one e-mail for {@code clientAddress} and {@code email}, or refuses when either is at its limit. */
  void spend(Transaction transaction, String clientAddress, String email) throws SQLException {
    Instant now = clock.instant();
    Instant since = now.minus(WINDOW);
    EnrollmentAttemptStore.prune(transaction, since);
    String client = Sha256.hex("client|" + clientAddress);
    String mailbox = Sha256.hex("email|" + email.toLowerCase(Locale.ROOT));
    if (EnrollmentAttemptStore.countSince(transaction, "client", client, since) >= perClientAddress) {
      throw new LimitReached("", "Too many submissions from your network in the last hour (at most " + perClientAddress
          + "). Nothing was sent; please try again later.");
    }
    if (EnrollmentAttemptStore.countSince(transaction, "email", mailbox, since) >= perEmail) {
      throw new LimitReached("email", "At most " + perEmail + " e-mails an hour go to one address; please try again later.");
    }
    EnrollmentAttemptStore.record(transaction, "client", client, now);
    EnrollmentAttemptStore.record(transaction, "email", mailbox, now);
  }
}
