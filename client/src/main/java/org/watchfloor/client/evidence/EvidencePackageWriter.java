package org.watchfloor.client.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.EvidenceExportPlan;
import org.watchfloor.client.net.EvidenceExportPlan.Item;
import org.watchfloor.client.net.EvidenceExportPlan.TagFile;
import org.watchfloor.client.net.EvidenceExportPlan.WrittenFile;

/**
 * Writes an evidence package (decision 21): asks the broker to prepare the export, downloads every
 * recording span and shared clip exactly as served (no re-encoding) while hashing it, has the broker
 * seal the payload with its signed tag files, and writes the bag as a folder and a zip. Everything
 * is written under temporary names and renamed at the end, so a failure (a full disk, a folder one
 * may not write, a refused download) leaves nothing behind that could pass for a package.
 */
public final class EvidencePackageWriter {

  /** Where the bag keeps the clips owners shared, exactly as uploaded. */
  static final String CLIPS = "data/clips/";

  /** Where the export stands, for a progress bar: a fraction and what is being done. */
  @FunctionalInterface
  public interface Progress {
    void report(double fraction, String doing);
  }

  /** What was written. */
  public record Written(Path folder, Path zip, String exportId, int files, long bytes) {}

  /** An export that could not be completed; the message says why for a person, nothing was kept. */
  public static final class ExportFailed extends Exception {
    private static final long serialVersionUID = 1L;

    ExportFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final BrokerConnection broker;

  public EvidencePackageWriter(BrokerConnection broker) {
    this.broker = broker;
  }

  /** Exports {@code order} into {@code destination} (an existing folder); the broker's refusals come as {@code BrokerRefusal}. */
  public Written export(EvidenceExportPlan.Order order, Path destination, Progress progress) throws ExportFailed {
    if (!Files.isDirectory(destination)) {
      throw new ExportFailed("The destination " + destination + " is not a folder; choose an existing folder.", null);
    }
    if (!Files.isWritable(destination)) {
      throw new ExportFailed("The destination " + destination + " cannot be written to (no permission); choose another folder.", null);
    }
    progress.report(0, "Asking the broker to prepare the export…");
    EvidenceExportPlan plan = broker.prepareEvidenceExport(order);
    String name = safeName(order.caseNumber()) + "_" + plan.exportId();
    Path folder = destination.resolve(name);
    Path zip = destination.resolve(name + ".zip");
    Path partialFolder = destination.resolve("." + name + ".partial");
    Path partialZip = destination.resolve("." + name + ".zip.partial");
    try {
      Files.createDirectories(partialFolder.resolve("data"));
      List<WrittenFile> files = new ArrayList<>();
      for (int i = 0; i < plan.items().size(); i++) {
        Item item = plan.items().get(i);
        progress.report(0.05 + 0.8 * i / plan.items().size(),
            "Downloading " + (item.clip() ? "shared clip " + item.clipId() : item.cameraName()) + " (" + (i + 1) + " of " + plan.items().size() + ")…");
        files.addAll(item.clip() ? clip(i, item, partialFolder) : recording(i, item, partialFolder));
      }
      Files.write(partialFolder.resolve(plan.timelinePath()), plan.timeline());
      progress.report(0.87, "Sealing: the broker signs the manifests and adds the chain of custody…");
      for (TagFile tag : broker.sealEvidenceExport(plan.exportId(), files)) {
        Files.write(partialFolder.resolve(tag.path()), tag.content());
      }
      progress.report(0.92, "Writing the zip…");
      zip(partialFolder, name, partialZip);
      Files.move(partialFolder, folder, StandardCopyOption.ATOMIC_MOVE);
      Files.move(partialZip, zip, StandardCopyOption.ATOMIC_MOVE);
      progress.report(1, "Done");
      return new Written(folder, zip, plan.exportId(), files.size() + 1, files.stream().mapToLong(WrittenFile::size).sum() + plan.timeline().length);
    } catch (IOException e) {
      removeQuietly(partialFolder);
      removeQuietly(partialZip);
      throw new ExportFailed("The package could not be written to " + destination + ": " + describe(e) + ". Nothing was kept; "
          + "the windows stay on evidence hold, so the export can be made again.", e);
    } catch (RuntimeException e) {
      removeQuietly(partialFolder);
      removeQuietly(partialZip);
      throw e;
    }
  }

  /** Each recorded span of the window, as the playback API's /list names them, one file each. */
  private List<WrittenFile> recording(int index, Item item, Path bag) throws IOException, ExportFailed {
    PlaybackAddress address = PlaybackAddress.of(item.downloadUrl());
    JsonNode spans = JSON.readTree(fetchText(address.list(item.requestedStart(), item.requestedEnd()), item));
    if (!spans.isArray() || spans.isEmpty()) {
      throw new ExportFailed("The media server has no recording of " + item.cameraName() + " (" + item.cameraId() + ") between "
          + item.requestedStart() + " and " + item.requestedEnd() + "; take it out of the export.", null);
    }
    List<WrittenFile> written = new ArrayList<>();
    for (JsonNode span : spans) {
      Instant start = Instant.parse(span.path("start").asText());
      Instant end = start.plusNanos(new BigDecimal(span.path("duration").asText()).movePointRight(9).longValue());
      String path = "data/recordings/" + safeName(item.cameraId()) + "_" + FILE_TIME.format(start) + ".mp4";
      Hashed hashed = download(address.withTicket(span.path("url").asText()), bag.resolve(path), item);
      written.add(new WrittenFile(index, path, hashed.sha256(), hashed.size(), start, end));
    }
    return written;
  }

  private List<WrittenFile> clip(int index, Item item, Path bag) throws IOException, ExportFailed {
    String path = CLIPS + safeName(item.clipId() + "_" + item.clipFileName());
    Hashed hashed = download(item.downloadUrl(), bag.resolve(path), item);
    if (!hashed.sha256().equals(item.clipSha256())) {
      throw new ExportFailed("Shared clip " + item.clipId() + " arrived with SHA-256 " + hashed.sha256() + ", not the "
          + item.clipSha256() + " the owner shared; nothing was exported.", null);
    }
    return List.of(new WrittenFile(index, path, hashed.sha256(), hashed.size(), item.requestedStart(), item.requestedEnd()));
  }

  private record Hashed(String sha256, long size) {}

  private Hashed download(String url, Path file, Item item) throws IOException, ExportFailed {
    Files.createDirectories(file.getParent());
    HttpResponse<InputStream> answer = send(url);
    MessageDigest digest = sha256();
    try (InputStream in = answer.body()) {
      if (answer.statusCode() != 200) {
        throw refused(item, answer.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
        in.transferTo(out);
      }
    }
    return new Hashed(HexFormat.of().formatHex(digest.digest()), Files.size(file));
  }

  private String fetchText(String url, Item item) throws IOException, ExportFailed {
    HttpResponse<InputStream> answer = send(url);
    try (InputStream in = answer.body()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (answer.statusCode() != 200) {
        throw refused(item, answer.statusCode(), body);
      }
      return body;
    }
  }

  private HttpResponse<InputStream> send(String url) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the download was interrupted", e);
    }
  }

  private static ExportFailed refused(Item item, int status, String body) {
    return new ExportFailed("The media server refused " + (item.clip() ? "shared clip " + item.clipId() : item.cameraName() + "'s recording")
        + " (HTTP " + status + "): " + body.strip(), null);
  }

  /** The bag inside one folder named like the package, as verify-export expects. */
  private static void zip(Path folder, String name, Path zip) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new ZipEntry(name + "/" + folder.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.contains("No space left on device")) {
      return "the disk is full";
    }
    if (e instanceof AccessDeniedException) {
      return "no permission to write " + ((FileSystemException) e).getFile();
    }
    return message;
  }

  /** Removes a file or a folder with all it holds, as far as it can. */
  static void removeQuietly(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(each);
      }
    } catch (IOException e) {
      // What stays is under a ".partial" name, which nothing takes for a package, or in a temporary
      // folder of a reopened package, which the system clears in time.
    }
  }

  static String safeName(String text) {
    String safe = text.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
    return safe.isEmpty() ? "export" : safe;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A playback ticket's /get URL, turned into the /list of its window and back into ticketed /get URLs of each span. */
  record PlaybackAddress(String base, String path, String ticket) {

    static PlaybackAddress of(String getUrl) {
      int get = getUrl.indexOf("/get?");
      String base = getUrl.substring(0, get);
      String path = "";
      String ticket = "";
      for (String pair : getUrl.substring(get + 5).split("&")) {
        if (pair.startsWith("path=")) {
          path = pair.substring(5);
        } else if (pair.startsWith("ticket=")) {
          ticket = pair.substring(7);
        }
      }
      return new PlaybackAddress(base, path, ticket);
    }

    String list(Instant start, Instant end) {
      return base + "/list?path=" + path + "&start=" + encode(start.toString()) + "&end=" + encode(end.toString()) + "&ticket=" + ticket;
    }

    /** A span's /get URL from /list (absolute or relative) with the ticket added. */
    String withTicket(String spanUrl) {
      String absolute = spanUrl.startsWith("http") ? spanUrl : base + spanUrl.substring(spanUrl.indexOf("/get?"));
      return absolute + "&ticket=" + ticket;
    }

    private static String encode(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
  }
}
