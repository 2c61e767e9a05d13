package org.watchfloor.server.mail;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.watchfloor.server.ServerSettings;

/**
 * Sends the broker's plain-text e-mails (written from templates in {@code mail/}): over SMTP when a
 * relay is configured, otherwise as RFC 822 {@code .eml} files in the outbox folder, built the same
 * way, so the embedded demo shows exactly what an owner would receive.
 */
public final class Mailer {

  /** The message could not be handed over; nothing was sent. */
  public static final class NotSent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotSent(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final String TIMEOUT_MILLIS = "10000";

  private final Optional<ServerSettings.SmtpRelay> relay;
  private final InternetAddress from;
  private final Path outbox;
  private final Session session;
  private final PebbleEngine templates;
  private final Clock clock;

  public Mailer(Optional<ServerSettings.SmtpRelay> relay, String from, Path outbox, Clock clock) {
    this.relay = relay;
    this.outbox = outbox;
    this.clock = clock;
    try {
      this.from = new InternetAddress(from, true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("mail sender '" + from + "' is not an e-mail address", e);
    }
    Properties properties = new Properties();
    relay.ifPresent(
        smtp -> {
          properties.put("mail.smtp.host", smtp.host());
          properties.put("mail.smtp.port", Integer.toString(smtp.port()));
          properties.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
          properties.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        });
    session = Session.getInstance(properties);
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("mail");
    // Plain text: nothing to escape, and line breaks are the layout.
    templates = new PebbleEngine.Builder().loader(loader).autoEscaping(false).newLineTrimming(false).build();
  }

  /** Writes {@code template} with {@code model} and sends it to {@code to} under {@code subject}. */
  public void send(String to, String subject, String template, Map<String, Object> model) {
    try {
      StringWriter body = new StringWriter();
      templates.getTemplate(template).evaluate(body, model);
      MimeMessage message = new MimeMessage(session);
      message.setFrom(from);
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
      message.setSubject(subject, StandardCharsets.UTF_8.name());
      message.setSentDate(Date.from(clock.instant()));
      message.setText(body.toString(), StandardCharsets.UTF_8.name());
      message.saveChanges();
      if (relay.isPresent()) {
        Transport.send(message);
      } else {
        writeToOutbox(message);
      }
    } catch (MessagingException | IOException e) {
      throw new NotSent("could not send '" + subject + "' to the owner: " + e.getMessage(), e);
    }
  }

  /** Temporary file first, then an atomic move: a reader of the outbox never sees half a message. */
  private void writeToOutbox(MimeMessage message) throws IOException, MessagingException {
    Files.createDirectories(outbox);
    Path temporary = Files.createTempFile(outbox, "message", ".tmp");
    try (OutputStream out = Files.newOutputStream(temporary)) {
      message.writeTo(out);
    }
    Path target = outbox.resolve(clock.millis() + "-" + UUID.randomUUID() + ".eml");
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
