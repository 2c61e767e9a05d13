package org.watchfloor.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.server.sim.CameraSimulator;
import org.watchfloor.server.stream.TicketValidator;

/**
 * Camera simulator benchmark: serves the simulator on a loopback HTTP server in this process and
 * starts N real readers (1, 4, 16) in a child JVM, each pulling a different camera's live stream as
 * a player does (HLS: playlist every segment, then each new segment; HTTP-TS: one long response);
 * then reports this process's CPU time per served stream and the bytes served. Readers live in
 * their own process so their CPU is not counted; only the steady state after a warm-up is measured.
 */
public final class SimulatorBenchmark {

  private static final String READER_MODE = "--reader-process";
  private static final String TICKET = "bench-ticket";
  private static final Duration READER_WARM_UP = Duration.ofSeconds(4);
  private static final Duration IDLE_MEASUREMENT = Duration.ofSeconds(5);
  /** Players start this many segments before a live playlist's end (as ffmpeg and hls.js do). */
  private static final int START_SEGMENTS_FROM_END = 3;

  private SimulatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(READER_MODE)) {
      readers(args);
      return;
    }
    List<Integer> readerCounts = List.of(1, 4, 16);
    List<String> protocols = List.of("hls", "ts");
    List<String> profiles = List.of("main");
    int seconds = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--readers" -> readerCounts = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--protocols" -> protocols = List.of(args[++i].split(","));
        case "--profiles" -> profiles = List.of(args[++i].split(","));
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "-h", "--help" -> {
          System.out.println(
              "Usage: ./watchfloor bench sim [--readers 1,4,16] [--protocols hls,ts] [--profiles main] [--seconds 20]\n"
                  + "Measures the simulator's CPU per live stream served to readers in a separate process.");
          return;
        }
        default -> {
          System.err.println("watchfloor bench sim: unknown option '" + args[i] + "' (see --help)");
          System.exit(2);
        }
      }
    }
    for (String protocol : protocols) {
      if (!protocol.equals("hls") && !protocol.equals("ts")) {
        System.err.println("watchfloor bench sim: --protocols takes hls and ts, not '" + protocol + "'");
        System.exit(2);
      }
    }
    run(readerCounts, protocols, profiles, seconds);
  }

  private static void run(List<Integer> readerCounts, List<String> protocols, List<String> profiles, int seconds)
      throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // The broker's HTTP port runs on a fixed pool of 32 threads; serve the same way.
    ExecutorService requestThreads = Executors.newFixedThreadPool(32);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(requestThreads);
    try (CameraSimulator simulator =
        new CameraSimulator(new TicketValidator() {
          @Override
          public Optional<String> refusal(String ticket, String cameraId, Access access) {
            return ticket.equals(TICKET) && access == Access.LIVE ? Optional.empty() : Optional.of("ticket: unknown");
          }

          @Override
          public Optional<PlaybackWindow> playbackWindow(String ticket, String cameraId) {
            return Optional.empty(); // the benchmark reads live streams only
          }
        }, Clock.systemUTC())) {
      server.createContext(CameraSimulator.PATH_PREFIX, simulator.handler());
      server.start();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      System.out.printf(Locale.ROOT, "Camera simulator, %d cores, Java %s; readers in a separate JVM, %d s measured after %d s warm-up%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds, READER_WARM_UP.toSeconds());

      // Warms the JIT up on both paths; not reported.
      for (String protocol : protocols) {
        measure(os, base, simulator, protocol, profiles.get(0), 4, 4);
      }
      // What the process burns with no reader (JIT, GC, timers) is not the streams' cost.
      long idleCpu = os.getProcessCpuTime();
      long idleStart = System.nanoTime();
      Thread.sleep(IDLE_MEASUREMENT.toMillis());
      double idle = (os.getProcessCpuTime() - idleCpu) / (double) (System.nanoTime() - idleStart);
      System.out.printf(Locale.ROOT, "idle (no reader, %d s): %.2f %% of a core, subtracted in the last column%n",
          IDLE_MEASUREMENT.toSeconds(), idle * 100);

      System.out.printf("%-8s %-7s %7s %11s %13s %7s %17s %24s%n",
          "protocol", "profile", "streams", "MB/s served", "kbit/s/stream", "req/s", "CPU % of a core", "CPU % of a core/stream");
      for (String protocol : protocols) {
        for (String profile : profiles) {
          for (int readers : readerCounts) {
            Measurement m = measure(os, base, simulator, protocol, profile, readers, seconds);
            double cpu = m.cpuNanos / (double) m.wallNanos;
            double wallSeconds = m.wallNanos / 1e9;
            double perStream = (cpu - idle) * 100 / readers;
            System.out.printf(Locale.ROOT, "%-8s %-7s %7d %11.3f %13.0f %7.1f %17.2f %24s%s%n",
                protocol, profile, readers, m.bytes / wallSeconds / 1e6, m.bytes * 8 / wallSeconds / 1000 / readers,
                m.requests / wallSeconds, cpu * 100,
                perStream > 0 ? String.format(Locale.ROOT, "%.3f", perStream) : "below idle noise",
                m.errors > 0 ? "  (" + m.errors + " failed requests)" : "");
          }
        }
      }
    } finally {
      server.stop(0);
      requestThreads.shutdownNow();
    }
  }

  private record Measurement(long cpuNanos, long wallNanos, long bytes, long requests, long errors) {}

  /** Runs one reader process and takes this process's CPU time between its START and END lines. */
  private static Measurement measure(
      OperatingSystemMXBean os, String base, CameraSimulator simulator, String protocol, String profile, int readers, int seconds)
      throws Exception {
    StreamProtocol streamProtocol = protocol.equals("hls") ? StreamProtocol.STREAM_PROTOCOL_HLS : StreamProtocol.STREAM_PROTOCOL_HTTP_TS;
    List<String> urls = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      urls.add(base + simulator.livePath("bench-cam-" + r, profile, streamProtocol) + "?ticket=" + TICKET);
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), SimulatorBenchmark.class.getName(),
        READER_MODE, protocol, String.valueOf(seconds)));
    command.addAll(urls);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long cpuStart = 0;
    long wallStart = 0;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.equals("START")) {
          cpuStart = os.getProcessCpuTime();
          wallStart = System.nanoTime();
        } else if (line.startsWith("END ")) {
          long cpu = os.getProcessCpuTime() - cpuStart;
          long wall = System.nanoTime() - wallStart;
          long[] counts = Arrays.stream(line.substring(4).split(" ")).mapToLong(Long::parseLong).toArray();
          process.waitFor(10, TimeUnit.SECONDS);
          return new Measurement(cpu, wall, counts[0], counts[1], counts[2]);
        }
      }
    } finally {
      process.destroy();
    }
    throw new IllegalStateException("the reader process ended without a result (exit " + process.waitFor() + ")");
  }

  /** The child process: one thread per URL reading like a player; prints START after warm-up and END with counts. */
  private static void readers(String[] args) throws Exception {
    String protocol = args[1];
    Duration measured = Duration.ofSeconds(Long.parseLong(args[2]));
    List<String> urls = List.of(args).subList(3, args.length);
    AtomicLong bytes = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long stopAt = System.nanoTime() + READER_WARM_UP.plus(measured).toNanos() + TimeUnit.SECONDS.toNanos(1);
    List<Thread> threads = new ArrayList<>();
    for (String url : urls) {
      Runnable reader = protocol.equals("hls")
          ? () -> readHls(url, stopAt, bytes, requests, errors)
          : () -> readTransportStream(url, stopAt, bytes, requests, errors);
      Thread thread = new Thread(reader, "reader");
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    Thread.sleep(READER_WARM_UP.toMillis());
    long[] start = {bytes.get(), requests.get(), errors.get()};
    System.out.println("START");
    System.out.flush();
    Thread.sleep(measured.toMillis());
    System.out.println("END " + (bytes.get() - start[0]) + " " + (requests.get() - start[1]) + " " + (errors.get() - start[2]));
    System.out.flush();
    System.exit(0);
  }

  /** Reloads the playlist every target duration and fetches each segment it has not fetched yet. */
  private static void readHls(String playlistUrl, long stopAt, AtomicLong bytes, AtomicLong requests, AtomicLong errors) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long lastSequence = -1;
    while (System.nanoTime() < stopAt) {
      long reloadAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      try {
        HttpResponse<String> playlist = http.send(HttpRequest.newBuilder(URI.create(playlistUrl)).build(), HttpResponse.BodyHandlers.ofString());
        requests.incrementAndGet();
        bytes.addAndGet(playlist.body().length());
        if (playlist.statusCode() != 200) {
          errors.incrementAndGet();
        } else {
          long mediaSequence = playlist.body().lines().filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
              .mapToLong(l -> Long.parseLong(l.substring(22))).findFirst().orElseThrow();
          List<String> segments = playlist.body().lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
          long from = lastSequence < 0 ? mediaSequence + segments.size() - START_SEGMENTS_FROM_END : lastSequence + 1;
          for (int i = (int) Math.max(0, from - mediaSequence); i < segments.size(); i++) {
            HttpResponse<byte[]> segment = http.send(
                HttpRequest.newBuilder(URI.create(playlistUrl).resolve(segments.get(i))).build(), HttpResponse.BodyHandlers.ofByteArray());
            requests.incrementAndGet();
            bytes.addAndGet(segment.body().length);
            if (segment.statusCode() != 200) {
              errors.incrementAndGet();
            }
            lastSequence = mediaSequence + i;
          }
        }
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(reloadAt - System.nanoTime())));
      } catch (IOException e) {
        errors.incrementAndGet();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Reads one endless HTTP-TS response until the run ends. */
  private static void readTransportStream(String url, long stopAt, AtomicLong bytes, AtomicLong requests, AtomicLong errors) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
      requests.incrementAndGet();
      if (response.statusCode() != 200) {
        errors.incrementAndGet();
        return;
      }
      byte[] buffer = new byte[64 * 1024];
      try (InputStream body = response.body()) {
        int read;
        while (System.nanoTime() < stopAt && (read = body.read(buffer)) >= 0) {
          bytes.addAndGet(read);
        }
      }
    } catch (IOException e) {
      errors.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
