package org.watchfloor.bench;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import org.watchfloor.client.net.BearerToken;
import org.watchfloor.proto.v1.AssignCamerasRequest;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ImportCamerasRequest;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportMode;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.proto.v1.LayerServiceGrpc;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.ListCamerasResponse;
import org.watchfloor.proto.v1.ListLayersRequest;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.server.sim.SyntheticInventory;

/**
 * Client start at a city's and a state's scale: a broker in its own process is filled through the
 * admin's ImportCameras call, then the real client is started against it under X (once before,
 * unmeasured, to record its class archive as the launcher's first start does), and the client's own flight-recorder events (map paints, camera batches, frame intervals) are streamed
 * from its recording while it runs: time to the first map paint with cameras, time until every
 * camera is counted, frame intervals while the list arrives and during a bulk edit of 10,000
 * cameras with the map paints and the client's CPU seconds meanwhile (which, unlike the times, a
 * machine busy with other work hardly changes), and the client's resident memory.
 */
public final class ClientStartBenchmark {

  private static final int IMPORT_CHUNK = 100_000;
  private static final int BURST = 10_000;
  /** The kernel's clock ticks a second, in which /proc gives CPU times (100 on Linux). */
  private static final int CLOCK_TICKS = 100;
  /** Long enough for a first start to load every class a session of the map uses. */
  private static final long CLASS_RECORDING_SECONDS = 30;
  private static final String SETTINGS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <configuration version="2.0" label="Watchfloor client-start benchmark">
        <event name="org.watchfloor.ui.Frame"><setting name="enabled">true</setting></event>
        <event name="org.watchfloor.map.CameraBatch"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
        <event name="org.watchfloor.map.Paint"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
        <event name="org.watchfloor.map.Summary"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
      </configuration>
      """;

  private ClientStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(100_000, 1_000_000);
    String clientJvm = "-Xmx1g";
    Path profile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--cameras" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--client-jvm" -> clientJvm = args[++i];
        case "--profile" -> profile = Path.of(args[++i]);
        case "-h", "--help" -> {
          System.out.println("Usage: ./watchfloor bench client-start [--cameras 100000,1000000] [--client-jvm OPTIONS] [--profile FOLDER]\n"
              + "The real client started against a broker holding that many cameras (filled through ImportCameras).\n"
              + "--client-jvm gives the client's JVM options, space-separated (default -Xmx1g).\n"
              + "--profile keeps each client's flight recording (JDK profiling settings too) in FOLDER for `jfr print`.");
          return;
        }
        default -> {
          System.err.println("watchfloor bench client-start: unknown option '" + args[i] + "' (see --help)");
          System.exit(2);
        }
      }
    }
    System.out.printf(Locale.ROOT, "Client start, %d cores, Java %s; client %s, 1920x1080 screen, software rendering%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), clientJvm);
    System.out.printf("%9s %9s %12s %12s %18s %18s %10s %12s %10s%n", "cameras", "import s", "first map s", "all counted s",
        "load frame p50/p99", "burst frame p50/p99", "burst s", "paints, CPU s", "RSS MB");
    for (int size : sizes) {
      row(size, clientJvm, profile);
    }
  }

  private static void row(int size, String clientJvm, Path profile) throws Exception {
    try (BrokerProcess broker = BrokerProcess.start("-Xmx6g")) {
      ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", broker.grpcPort(), InsecureChannelCredentials.create()).build();
      try {
        BearerToken admin = new BearerToken(broker.token("ada"));
        long importStart = System.nanoTime();
        SyntheticInventory.Area area = size > 200_000 ? SyntheticInventory.KENTUCKY : SyntheticInventory.LEXINGTON;
        for (int first = 0; first < size; first += IMPORT_CHUNK) {
          ImportReport report = LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(admin).withDeadlineAfter(10, TimeUnit.MINUTES)
              .importCameras(ImportCamerasRequest.newBuilder().setFormat(ImportFormat.IMPORT_FORMAT_CSV)
                  .setContent(ByteString.copyFrom(SyntheticInventory.csv(area, first, Math.min(IMPORT_CHUNK, size - first), 7)))
                  .setSourceName("csv:synthetic").setDefaultKind(CameraKind.CAMERA_KIND_CITY_CCTV)
                  .setMode(ImportMode.IMPORT_MODE_CREATE_OR_UPDATE).build());
          if (report.getRejected() > 0) {
            throw new IllegalStateException("rejected records in the synthetic inventory: " + report.getResults(0));
          }
        }
        double importSeconds = (System.nanoTime() - importStart) / 1e9;
        int total = directorySize(channel, admin);
        measureClient(broker, channel, admin, total, burstCameras(channel, admin), importSeconds, clientJvm, profile);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** The ids of the first {@link #BURST} cameras, read in pages of the contract's largest size. */
  private static List<String> burstCameras(ManagedChannel channel, BearerToken admin) {
    List<String> ids = new ArrayList<>();
    String token = "";
    do {
      ListCamerasResponse page = CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(admin).withDeadlineAfter(1, TimeUnit.MINUTES)
          .listCameras(ListCamerasRequest.newBuilder().setPageSize(5000).setPageToken(token).build());
      page.getCamerasList().forEach(camera -> ids.add(camera.getId()));
      token = page.getNextPageToken();
    } while (ids.size() < BURST && !token.isEmpty());
    return ids.subList(0, Math.min(BURST, ids.size()));
  }

  /** How many cameras the broker holds: the size its camera Watch announces with the first snapshot event. */
  private static int directorySize(ManagedChannel channel, BearerToken admin) throws Exception {
    Context.CancellableContext call = Context.current().withCancellation();
    try {
      return call.call(() -> CameraDirectoryGrpc.newBlockingStub(channel).withCallCredentials(admin).withDeadlineAfter(1, TimeUnit.MINUTES)
          .watchCameras(WatchCamerasRequest.getDefaultInstance()).next().getSnapshotSize());
    } finally {
      call.cancel(null);
    }
  }

  private static void measureClient(BrokerProcess broker, ManagedChannel channel, BearerToken admin, int total,
      List<String> burstCameras, double importSeconds, String clientJvm, Path profile) throws Exception {
    Path work = Files.createTempDirectory("watchfloor-client-start");
    Path settings = Files.writeString(work.resolve("client-start.jfc"), SETTINGS);
    Path repository = Files.createDirectories(work.resolve("jfr"));
    Path classArchive = work.resolve("client-classes.jsa");
    List<String> command = BrokerProcess.javaCommand(clientJvm, "org.watchfloor.client.app.WatchfloorClient",
        "--server", "127.0.0.1:" + broker.grpcPort(), "--token", broker.token("ana"), "--workspace", work.resolve("workspace.json").toString());
    recordClassArchive(command, classArchive, work);
    Files.deleteIfExists(work.resolve("workspace.json")); // the measured start begins as fresh as the first
    command.addAll(1, List.of("-XX:SharedArchiveFile=" + classArchive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    // Each file needs its own "settings=": after a comma a bare path is read as an option and ignored.
    String recording = profile == null ? "settings=" + settings
        : "settings=profile,settings=" + settings + ",dumponexit=true,filename=" + Files.createDirectories(profile).resolve("client-" + total + ".jfr");
    command.addAll(1, List.of("-Dprism.order=sw",
        "-XX:StartFlightRecording:" + recording + ",disk=true",
        "-XX:FlightRecorderOptions:repository=" + repository));
    List<RecordedEvent> events = new CopyOnWriteArrayList<>();
    Instant started = Instant.now();
    Process client = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(work.resolve("client.log").toFile()).start();
    try (EventStream stream = EventStream.openRepository(chunkFolder(repository))) {
      stream.setReuse(false); // the events are kept
      stream.onEvent(events::add);
      stream.startAsync();
      // Held whole, the list is counted when its batch says so; held by view, when the broker's summary counts it.
      Instant counted = await(events, Duration.ofMinutes(5),
          event -> event.getEventType().getName().equals("org.watchfloor.map.CameraBatch") && event.getBoolean("current") && event.getInt("cameras") == total
              || event.getEventType().getName().equals("org.watchfloor.map.Summary") && event.getInt("directory") == total);
      boolean heldWhole = events.stream().noneMatch(event -> event.getEventType().getName().equals("org.watchfloor.map.Summary"));
      Instant firstMap = await(events, Duration.ofMinutes(1),
          event -> event.getEventType().getName().equals("org.watchfloor.map.Paint") && event.getInt("cameras") > 0);
      List<Double> loadFrames = frames(events, started, counted);

      String layerId = LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(admin).withDeadlineAfter(1, TimeUnit.MINUTES)
          .listLayers(ListLayersRequest.getDefaultInstance()).getLayers(0).getId();
      Instant burstStart = Instant.now();
      long cpuBefore = cpuTicks(client.pid());
      LayerServiceGrpc.newBlockingStub(channel).withCallCredentials(admin).withDeadlineAfter(1, TimeUnit.MINUTES)
          .assignCameras(AssignCamerasRequest.newBuilder().setLayerId(layerId)
              .addAllAddCameraIds(burstCameras).build());
      // A client holding only the view hears just the burst's cameras inside it: measure the frames of the next 10 s.
      Instant burstApplied = heldWhole ? awaitUpserts(events, burstStart, burstCameras.size()) : burstStart.plusSeconds(10);
      if (!heldWhole) {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), burstApplied.plusSeconds(2)).toMillis()));
      }
      Instant burstEnd = burstApplied.plusMillis(500);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), burstEnd).toMillis()));
      double burstCpuSeconds = (cpuTicks(client.pid()) - cpuBefore) / (double) CLOCK_TICKS;
      List<Double> burstFrames = frames(events, burstStart, burstEnd);
      long burstPaints = events.stream().filter(event -> event.getEventType().getName().equals("org.watchfloor.map.Paint")
          && event.getStartTime().isAfter(burstStart) && event.getStartTime().isBefore(burstEnd)).count();
      long rssKb = statusKb(client.pid(), "VmRSS");
      System.out.printf(Locale.ROOT, "%9d %9.1f %12.1f %12.1f %18s %18s %10s %12s %10d  %s%n", total, importSeconds,
          seconds(started, firstMap), seconds(started, counted), percentiles(loadFrames), percentiles(burstFrames),
          heldWhole ? String.format(Locale.ROOT, "%.2f", seconds(burstStart, burstApplied)) : "(view)",
          String.format(Locale.ROOT, "%d, %.2f", burstPaints, burstCpuSeconds), rssKb / 1024,
          heldWhole ? "held whole" : "held by view");
    } catch (IllegalStateException e) {
      events.stream().filter(event -> event.getEventType().getName().equals("org.watchfloor.map.CameraBatch")).reduce((first, last) -> last)
          .ifPresent(last -> System.err.println("the client's last camera batch: " + last));
      System.err.println("events seen: " + events.size() + "; the client's last words:");
      List<String> log = Files.readAllLines(work.resolve("client.log"));
      log.subList(Math.max(0, log.size() - 30), log.size()).forEach(System.err::println);
      throw e;
    } finally {
      client.destroy();
      client.waitFor(30, TimeUnit.SECONDS);
      try (Stream<Path> paths = Files.walk(work)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /**
   * Starts the client once and lets it quit, recording the classes it loads into {@code archive}, as
   * the launcher's first start after a build does; the measured start maps them from there. (The
   * JVM turns flight recording off while it records an archive, so this start is not measured.)
   */
  private static void recordClassArchive(List<String> command, Path archive, Path work) throws Exception {
    List<String> recording = new ArrayList<>(command);
    recording.addAll(1, List.of("-Dprism.order=sw", "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    Process client = new ProcessBuilder(recording).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(work.resolve("client-first-start.log").toFile()).start();
    if (client.waitFor(CLASS_RECORDING_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the client's first start ended early (exit " + client.exitValue() + ")");
    }
    client.destroy();
    // Writing the archive (about 50 MB) at exit takes more than two minutes on a machine loaded by other work.
    if (!client.waitFor(6, TimeUnit.MINUTES) || !Files.exists(archive)) {
      throw new IllegalStateException("the client's first start recorded no class archive in " + archive);
    }
  }

  /** JFR writes its chunks into a folder of its own inside the repository given; streaming starts once one is there. */
  private static Path chunkFolder(Path repository) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      try (Stream<Path> chunks = Files.walk(repository)) {
        var chunk = chunks.filter(path -> path.toString().endsWith(".jfr")).findFirst();
        if (chunk.isPresent()) {
          return chunk.get().getParent();
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the client started no flight recording in " + repository);
  }

  private static Instant await(List<RecordedEvent> events, Duration timeout, java.util.function.Predicate<RecordedEvent> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (RecordedEvent event : events) {
        if (wanted.test(event)) {
          return event.getEndTime();
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the client did not get there within " + timeout);
  }

  /** When the client had applied {@code count} camera changes that arrived after {@code from}. */
  private static Instant awaitUpserts(List<RecordedEvent> events, Instant from, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      int applied = 0;
      for (RecordedEvent event : events) {
        if (event.getEventType().getName().equals("org.watchfloor.map.CameraBatch") && event.getStartTime().isAfter(from)) {
          applied += event.getInt("upserted");
          if (applied >= count) {
            return event.getEndTime();
          }
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the client did not apply the burst of " + count + " changes within 2 minutes");
  }

  /** Frame intervals (ms) of pulses that ended between two instants. */
  private static List<Double> frames(List<RecordedEvent> events, Instant from, Instant to) {
    List<Double> intervals = new ArrayList<>();
    for (RecordedEvent event : events) {
      if (event.getEventType().getName().equals("org.watchfloor.ui.Frame") && event.getEndTime().isAfter(from) && event.getEndTime().isBefore(to)) {
        intervals.add(event.getDuration("interval").toNanos() / 1e6);
      }
    }
    return intervals;
  }

  private static String percentiles(List<Double> intervals) {
    if (intervals.isEmpty()) {
      return "no frames";
    }
    List<Double> sorted = intervals.stream().sorted().toList();
    return String.format(Locale.ROOT, "%.1f / %.1f ms", sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  /** CPU time of a process so far (user and system, all threads), in clock ticks. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long statusKb(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no " + field + " for process " + pid);
  }
}
