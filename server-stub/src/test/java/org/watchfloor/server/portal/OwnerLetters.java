package org.watchfloor.server.portal;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the e-mails the broker sent owners, as an owner's mail program would, and finds their links. */
public final class OwnerLetters {

  private static final Pattern LINK = Pattern.compile("https?://\\S+/portal/r/[A-Za-z0-9_-]{43}");

  private OwnerLetters() {}

  /** Every .eml file in {@code DATA_DIR/outbox/}, oldest first. */
  public static List<MimeMessage> outbox(Path dataDir) throws IOException, MessagingException {
    Path outbox = dataDir.resolve("outbox");
    List<MimeMessage> messages = new ArrayList<>();
    if (!Files.isDirectory(outbox)) {
      return messages;
    }
    try (Stream<Path> files = Files.list(outbox)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".eml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          messages.add(new MimeMessage(Session.getInstance(new Properties()), in));
        }
      }
    }
    return messages;
  }

  /** The footage-request link in the letter's text. */
  public static String requestLink(MimeMessage letter) throws IOException, MessagingException {
    Matcher link = LINK.matcher(letter.getContent().toString());
    if (!link.find()) {
      throw new AssertionError("no request link in the letter:\n" + letter.getContent());
    }
    return link.group();
  }
}
