package org.watchfloor.client.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.ExportSuggestions;
import org.watchfloor.server.portal.OwnerLetters;

/** What a camera's owner does in the tests: opens the mailed footage request and shares a clip through the portal's form. */
final class OwnerPortal {

  private OwnerPortal() {}

  /**
   * The owner opens the letter of the footage request for {@code caseNumber} in the demo broker's
   * outbox under {@code dataDir} and shares {@code clip} of {@code camera}; answers the clip as the
   * supervisor's export offers it.
   */
  static ExportSuggestions.SharedClip share(Path dataDir, String caseNumber, String camera, Path clip, BrokerConnection supervisor,
      String incidentId, String footageRequestId) throws Exception {
    String link = OwnerLetters.requestLink(OwnerLetters.outbox(dataDir).stream()
        .filter(letter -> subject(letter).equals("Footage request for case " + caseNumber)).findFirst().orElseThrow());
    upload(link, camera, clip);
    ExportSuggestions.SharedClip[] found = new ExportSuggestions.SharedClip[1];
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
      found[0] = supervisor.exportSuggestions(incidentId).clips().stream()
          .filter(shared -> shared.footageRequestId().equals(footageRequestId)).findFirst().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  private static String subject(jakarta.mail.internet.MimeMessage letter) {
    try {
      return letter.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the owner's browser sends: the form's token and the camera, then the file (multipart/form-data). */
  private static void upload(String link, String camera, Path clip) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String page = http.send(HttpRequest.newBuilder(URI.create(link)).build(), HttpResponse.BodyHandlers.ofString()).body();
    java.util.regex.Matcher form = java.util.regex.Pattern.compile(
        "action=\"([^\"]*/upload)\"[^>]*>\\s*<input type=\"hidden\" name=\"form_token\" value=\"([^\"]+)\"").matcher(page);
    assertTrue(form.find(), "the portal's upload form: " + page);
    String boundary = "----watchfloor-test-" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String[] field : List.of(new String[] {"form_token", form.group(2)}, new String[] {"camera_id", camera})) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1] + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + clip.getFileName() + "\"\r\n"
        + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(Files.readAllBytes(clip));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(link).resolve(form.group(1).replace("&amp;", "&")))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
  }
}
