package org.watchfloor.client.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.BrokerRefusal;
import org.watchfloor.client.net.EvidenceExportPlan;
import org.watchfloor.client.net.ExportSuggestions;
import org.watchfloor.client.net.FootageRequestSent;
import org.watchfloor.client.net.ViewPurpose;
import org.watchfloor.proto.v1.EvidenceHold;
import org.watchfloor.proto.v1.Incident;
import org.watchfloor.proto.v1.IncidentStatus;
import org.watchfloor.server.evidence.BagLayout;
import org.watchfloor.server.portal.OwnerLetters;
import org.watchfloor.server.store.AuditStore.AuditFilter;
import org.watchfloor.server.store.AuditStore.AuditRow;
import org.watchfloor.server.store.ProtoTime;

/**
 * Evidence export end to end: a supervisor's client prepares, downloads from the simulator's
 * playback API and seals a package against a real broker over gRPC; the offline verifier passes it
 * as a folder and a zip and names each file that was changed, removed or added, and a package
 * signed by another key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceExportTest {

  private Path dataDir;
  private Path destination;
  private DemoBroker broker;
  private BrokerConnection supervisor;
  private Incident robbery;
  private EvidencePackageWriter.Written written;
  private List<EvidenceExportPlan.CameraWindow> windows;
  private String brokerKey;
  private org.watchfloor.client.net.Track track;

  @BeforeAll
  void exportOnce(@TempDir Path dataDir, @TempDir Path exports) throws Exception {
    this.dataDir = dataDir;
    destination = exports;
    broker = DemoBroker.start(dataDir);
    supervisor = broker.connect("sam");
    robbery = broker.broker().incidents().list(IncidentStatus.INCIDENT_STATUS_OPEN, Optional.empty()).stream()
        .filter(incident -> incident.getType().toLowerCase().contains("robbery")).findFirst().orElseThrow();
    ExportSuggestions suggestions = supervisor.exportSuggestions(robbery.getId());
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    windows = suggestions.recorded().stream().limit(2)
        .map(camera -> new EvidenceExportPlan.CameraWindow(camera.cameraId(), end.minusSeconds(90), end)).toList();
    List<String> steps = new java.util.ArrayList<>();
    for (EvidenceExportPlan.CameraWindow window : windows) {
      steps.add(supervisor.addBookmark(robbery.getId(), window.start().plusSeconds(30 + 20 * steps.size()), window.cameraId(),
          "sedan seen " + (steps.size() + 1), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5)).id());
    }
    track = supervisor.saveTrack(robbery.getId(), Optional.empty(), "Grey sedan through the area", steps);
    written = new EvidencePackageWriter(supervisor).export(order(windows), destination, (fraction, doing) -> { });
    brokerKey = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + broker.broker().server().httpPort() + "/evidence/public-key")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @AfterAll
  void stop() throws Exception {
    supervisor.close();
    broker.close();
  }

  private EvidenceExportPlan.Order order(List<EvidenceExportPlan.CameraWindow> chosen) {
    return order(robbery.getCadNumber(), chosen, List.of());
  }

  /** An export under {@code caseNumber}: the tests that count the robbery case's audit rows see only their own export. */
  private EvidenceExportPlan.Order order(String caseNumber, List<EvidenceExportPlan.CameraWindow> chosen, List<EvidenceExportPlan.SharedClipChoice> clips) {
    return new EvidenceExportPlan.Order(robbery.getId(), caseNumber, "armed robbery: footage for the prosecutor", "rtic-ws-7", chosen, clips);
  }

  @Test
  void aClipItsOwnerSharedThroughTheMailedLinkIsExportedExactlyWithItsChainOfCustody(@TempDir Path exports, @TempDir Path ownersPhone) throws Exception {
    String caseNumber = "LEX-26-CLIP-1";
    String camera = supervisor.findViewableCameras(robbery.getLocation().getLatitude(), robbery.getLocation().getLongitude(), 5000,
        new ViewPurpose(caseNumber, robbery.getId(), "evidence"), 1).registered().get(0).id();
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    FootageRequestSent asked = supervisor.requestFootage(camera, end.minusSeconds(600), end,
        new ViewPurpose(caseNumber, robbery.getId(), "armed robbery: the front door's view of the street"), "clip-export-test");

    // The owner opens the mailed link and shares a real clip through the portal's form (consent: only what they chose).
    Path clip = ownersPhone.resolve("front-door.mp4");
    try (java.io.InputStream video = OwnerLetters.class.getResourceAsStream("/portal/front-door.mp4")) {
      Files.copy(video, clip);
    }
    ExportSuggestions.SharedClip shared = OwnerPortal.share(dataDir, caseNumber, camera, clip, supervisor, robbery.getId(), asked.requestId());

    EvidencePackageWriter.Written withClip = new EvidencePackageWriter(supervisor).export(order(caseNumber, windows.subList(0, 1),
        List.of(new EvidenceExportPlan.SharedClipChoice(shared.footageRequestId(), shared.clipId()))), exports, (f, d) -> { });
    ExportVerifier.Report report = ExportVerifier.verify(withClip.zip(), Optional.of(brokerKey));
    assertTrue(report.passed(), report.problems().toString());
    Path exported;
    try (Stream<Path> clips = Files.list(withClip.folder().resolve("data/clips"))) {
      exported = clips.collect(java.util.stream.Collectors.toList()).stream().findFirst().orElseThrow();
    }
    assertTrue(exported.getFileName().toString().startsWith(shared.clipId() + "_") && exported.toString().endsWith("front-door.mp4"), exported.toString());
    assertEquals(-1, Files.mismatch(clip, exported), "the clip exactly as the owner shared it");
    String files = Files.readString(withClip.folder().resolve(BagLayout.FILES));
    assertTrue(files.contains("\"source\" : \"owner-shared clip " + shared.clipId() + " (front-door.mp4), as the owner uploaded it\""), files);
    String custody = Files.readString(withClip.folder().resolve(BagLayout.CUSTODY));
    for (String action : List.of("FOOTAGE_REQUESTED", "PORTAL_CLIP_UPLOADED", "EVIDENCE_EXPORTED")) {
      assertTrue(custody.contains("\"action\" : \"" + action + "\""), action + " in " + custody);
    }
  }

  @Test
  void anExportToAnUnwritableFolderOrAFullDiskFailsSayingSoAndLeavesNothingThatVerifies(@TempDir Path scratch) throws Exception {
    Path unwritable = Files.createDirectory(scratch.resolve("unwritable"));
    Path full = Files.createDirectory(scratch.resolve("full"));
    // Permissions do not bind root (as this test may run in a container): there a read-only file system does it.
    Files.setPosixFilePermissions(unwritable, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    boolean root = Files.isWritable(unwritable);
    try {
      if (root) {
        // A container's root may lack the right to mount: then neither case can be made here.
        Assumptions.assumeTrue(mount(unwritable, "ro,size=64k"), "permissions do not bind root and it may not mount a read-only tmpfs here");
      }
      EvidencePackageWriter.ExportFailed refused = assertThrows(EvidencePackageWriter.ExportFailed.class,
          () -> new EvidencePackageWriter(supervisor).export(order("LEX-26-DISK-1", windows, List.of()), unwritable, (f, d) -> { }));
      assertTrue(refused.getMessage().contains("cannot be written to"), refused.getMessage());
      assertNothingIn(unwritable);

      // A full disk: a file system too small for the recordings, so that writing fails part way.
      Assumptions.assumeTrue(root && mount(full, "size=256k"), "mounting a small tmpfs (a full disk) needs root");
      EvidencePackageWriter.ExportFailed diskFull = assertThrows(EvidencePackageWriter.ExportFailed.class,
          () -> new EvidencePackageWriter(supervisor).export(order("LEX-26-DISK-2", windows, List.of()), full, (f, d) -> { }));
      assertTrue(diskFull.getMessage().contains("the disk is full") && diskFull.getMessage().contains("Nothing was kept"), diskFull.getMessage());
      assertNothingIn(full);
    } finally {
      if (root) {
        unmount(unwritable);
        unmount(full);
      }
      Files.setPosixFilePermissions(unwritable, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void assertNothingIn(Path folder) throws IOException {
    try (Stream<Path> left = Files.list(folder)) {
      List<Path> files = left.toList();
      assertEquals(List.of(), files, "nothing is left behind, least of all something that verifies");
    }
  }

  private static boolean mount(Path at, String options) throws Exception {
    return new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString()).inheritIO().start().waitFor() == 0;
  }

  private static void unmount(Path at) throws Exception {
    new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start().waitFor();
  }

  @Test
  void theExportedPackageVerifiesAsFolderAndZipAgainstTheBrokersPublishedKey() throws Exception {
    assertTrue(Files.isDirectory(written.folder()) && Files.isRegularFile(written.zip()));
    for (Path bag : List.of(written.folder(), written.zip())) {
      ExportVerifier.Report report = ExportVerifier.verify(bag, Optional.of(brokerKey));
      assertTrue(report.passed(), bag + ": " + report.problems());
      assertTrue(report.signature().startsWith("valid, by the trusted key SHA256:"), report.signature());
    }
    assertTrue(Files.readString(written.folder().resolve(BagLayout.BAG_INFO)).contains("Case-Number: " + robbery.getCadNumber() + "\n"));
    assertTrue(Files.readString(written.folder().resolve(BagLayout.BAG_INFO)).contains("Workstation: rtic-ws-7\n"));
    try (Stream<Path> media = Files.list(written.folder().resolve("data/recordings"))) {
      assertTrue(media.count() >= windows.size(), "a file per recorded span of each window");
    }
    Process check = new ProcessBuilder("sha256sum", "-c", "--quiet", BagLayout.MANIFEST).directory(written.folder().toFile())
        .redirectErrorStream(true).start();
    String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, check.waitFor(), "sha256sum -c " + BagLayout.MANIFEST + ": " + said);
    assertEquals(0, verifyCommand(written.zip(), "--public-key", "http://127.0.0.1:" + broker.broker().server().httpPort() + "/evidence/public-key").exit);
  }

  @Test
  void theTimelineFileCarriesTheIncidentsBookmarksAndTracks() throws Exception {
    org.watchfloor.proto.v1.Timeline.Builder timeline = org.watchfloor.proto.v1.Timeline.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().merge(Files.readString(written.folder().resolve(BagLayout.TIMELINE)), timeline);
    assertEquals(List.of("Grey sedan through the area"), timeline.getTracksList().stream().map(org.watchfloor.proto.v1.Track::getName).toList());
    assertEquals(track.bookmarkIds(), timeline.getTracks(0).getBookmarkIdsList());
    for (String step : track.bookmarkIds()) {
      assertTrue(timeline.getEventsList().stream().anyMatch(event -> event.getId().equals(step) && event.getText().startsWith("sedan seen ")),
          "the track's bookmark " + step + " is in the exported timeline");
    }
  }

  @Test
  void theExportedWindowsAreOnHoldAndTheExportIsAudited() {
    List<EvidenceHold> holds = broker.broker().holds().list(false);
    for (EvidenceExportPlan.CameraWindow window : windows) {
      assertTrue(holds.stream().anyMatch(hold -> hold.getCameraId().equals(window.cameraId())
          && ProtoTime.toInstant(hold.getWindowStart()).equals(window.start()) && ProtoTime.toInstant(hold.getWindowEnd()).equals(window.end())
          && hold.getPurpose().getCaseNumber().equals(robbery.getCadNumber())), "held: " + window);
    }
    List<AuditRow> exported = audit("EVIDENCE_EXPORTED");
    assertTrue(exported.stream().allMatch(row -> row.username().equals("sam") && row.detail().contains("export=" + written.exportId())));
    assertEquals(written.files() - 1, exported.size(), "one row per media file");
    assertEquals(1, audit("EVIDENCE_EXPORT_PREPARED").size());
    assertTrue(audit("HOLD_PLACED").size() >= windows.size());
  }

  private List<AuditRow> audit(String action) {
    return broker.broker().audit().query(new AuditFilter("", "", action, "", robbery.getCadNumber(), Optional.empty(), Optional.empty()), 0, false, 1000);
  }

  @Test
  void aChangedByteADeletedFileAndAnAddedFileEachFailNamingTheFile() throws Exception {
    Path changed = copy("changed");
    Path media = firstMedia(changed);
    byte[] bytes = Files.readAllBytes(media);
    bytes[bytes.length / 2] ^= 1;
    Files.write(media, bytes);
    assertFailsNaming(changed, changed.relativize(media) + ": changed");

    Path deleted = copy("deleted");
    Path gone = firstMedia(deleted);
    Files.delete(gone);
    assertFailsNaming(deleted, deleted.relativize(gone) + ": missing");

    Path added = copy("added");
    Files.writeString(added.resolve("data/recordings/extra.mp4"), "not evidence");
    assertFailsNaming(added, "data/recordings/extra.mp4: added");
  }

  @Test
  void aPackageSignedByAnotherKeyFailsAgainstTheBrokersKey() throws Exception {
    Path forged = copy("forged");
    KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(other.getPrivate());
    signer.update(BagLayout.signedText(Files.readAllBytes(forged.resolve(BagLayout.MANIFEST)), Files.readAllBytes(forged.resolve(BagLayout.TAG_MANIFEST)))
        .getBytes(StandardCharsets.UTF_8));
    String otherKey = Base64.getEncoder().encodeToString(other.getPublic().getEncoded());
    Files.writeString(forged.resolve(BagLayout.SIGNATURE), BagLayout.signatureFile(otherKey,
        "SHA256:" + BagLayout.sha256(other.getPublic().getEncoded()), Base64.getEncoder().encodeToString(signer.sign())));

    ExportVerifier.Report alone = ExportVerifier.verify(forged, Optional.empty());
    assertTrue(alone.passed() && alone.signature().contains("NOT checked against a trusted key"), alone.signature());
    ExportVerifier.Report trusted = ExportVerifier.verify(forged, Optional.of(brokerKey));
    assertFalse(trusted.passed());
    assertTrue(trusted.problems().stream().anyMatch(problem -> problem.startsWith(BagLayout.SIGNATURE + ": signed by SHA256:")), trusted.problems().toString());

    Path resigned = copy("resigned");
    Files.writeString(resigned.resolve(BagLayout.SIGNATURE), Files.readString(forged.resolve(BagLayout.SIGNATURE))
        .replaceAll("Public-Key: .*", "Public-Key: " + ExportVerifier.class.getSimpleName()));
    assertFalse(ExportVerifier.verify(resigned, Optional.empty()).passed(), "an unreadable key in the package fails");
  }

  @Test
  void anAnalystIsRefusedAndBadOrPrivateWindowsGetTheBrokersReasonLeavingNothing() throws Exception {
    try (BrokerConnection analyst = broker.connect("ana")) {
      BrokerRefusal refused = assertThrows(BrokerRefusal.class, () -> new EvidencePackageWriter(analyst).export(order(windows), destination, (f, d) -> { }));
      assertEquals(BrokerRefusal.Reason.NO_PERMISSION, refused.reason());
    }
    String camera = windows.get(0).cameraId();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    BrokerRefusal future = assertThrows(BrokerRefusal.class, () -> new EvidencePackageWriter(supervisor)
        .export(order(List.of(new EvidenceExportPlan.CameraWindow(camera, now.minusSeconds(60), now.plusSeconds(600)))), destination, (f, d) -> { }));
    assertTrue(future.getMessage().startsWith("windows[0].end: is in the future"), future.getMessage());
    BrokerRefusal tooLong = assertThrows(BrokerRefusal.class, () -> new EvidencePackageWriter(supervisor)
        .export(order(List.of(new EvidenceExportPlan.CameraWindow(camera, now.minusSeconds(4 * 3600), now.minusSeconds(60)))), destination, (f, d) -> { }));
    assertTrue(tooLong.getMessage().contains("at most 2 h"), tooLong.getMessage());
    String privateCamera = supervisor.findViewableCameras(robbery.getLocation().getLatitude(), robbery.getLocation().getLongitude(), 5000,
        new ViewPurpose(robbery.getCadNumber(), robbery.getId(), "evidence"), 1).registered().get(0).id();
    BrokerRefusal consent = assertThrows(BrokerRefusal.class, () -> new EvidencePackageWriter(supervisor)
        .export(order(List.of(new EvidenceExportPlan.CameraWindow(privateCamera, now.minusSeconds(120), now.minusSeconds(60)))), destination, (f, d) -> { }));
    assertEquals(BrokerRefusal.Reason.NO_PERMISSION, consent.reason());
    assertTrue(consent.getMessage().startsWith("windows[0]: consent: the center keeps no recordings of private camera " + privateCamera), consent.getMessage());
    Path notAFolder = Files.writeString(destination.resolve("a-file.txt"), "x");
    EvidencePackageWriter.ExportFailed failed = assertThrows(EvidencePackageWriter.ExportFailed.class,
        () -> new EvidencePackageWriter(supervisor).export(order(windows), notAFolder, (f, d) -> { }));
    assertTrue(failed.getMessage().contains("is not a folder"), failed.getMessage());
    try (Stream<Path> left = Files.list(destination)) {
      assertEquals(List.of(written.folder().getFileName().toString(), written.zip().getFileName().toString(), "a-file.txt").stream().sorted().toList(),
          left.map(path -> path.getFileName().toString()).filter(name -> !name.startsWith("copy-")).sorted().toList(),
          "refused exports left nothing behind");
    }
    Files.delete(notAFolder);
  }

  private record CommandRun(int exit, String out) {}

  private static CommandRun verifyCommand(Path bag, String... more) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = Stream.concat(Stream.of(bag.toString()), Stream.of(more)).toArray(String[]::new);
    int exit = VerifyExportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
    return new CommandRun(exit, out.toString(StandardCharsets.UTF_8));
  }

  private static void assertFailsNaming(Path bag, String problem) {
    CommandRun run = verifyCommand(bag);
    assertEquals(1, run.exit, run.out);
    assertTrue(run.out.contains("FAILED " + problem), run.out);
  }

  private Path copy(String name) throws IOException {
    Path copy = destination.resolve("copy-" + name);
    try (Stream<Path> walk = Files.walk(written.folder())) {
      for (Path file : walk.toList()) {
        Path target = copy.resolve(written.folder().relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return copy;
  }

  private static Path firstMedia(Path bag) throws IOException {
    try (Stream<Path> media = Files.list(bag.resolve("data/recordings"))) {
      return media.sorted().findFirst().orElseThrow();
    }
  }
}
