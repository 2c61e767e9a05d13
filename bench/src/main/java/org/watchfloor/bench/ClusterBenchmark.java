package org.watchfloor.bench;

import static org.watchfloor.bench.Latencies.millis;
import static org.watchfloor.bench.Latencies.percentile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.watchfloor.client.net.BearerToken;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraEvent;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.OpenLiveRequest;
import org.watchfloor.proto.v1.Purpose;
import org.watchfloor.proto.v1.StreamServiceGrpc;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.server.WatchfloorServer;

/**
 * Several brokers on one PostgreSQL: starts three broker processes on a fresh database, opens
 * 1,000 camera Watch streams spread over them, writes cameras through each broker in turn and
 * times each change's arrival at every stream (at the writer's own broker and at the others); then
 * counts the stream tickets the three issue in a second under concurrent OpenLive calls.
 */
public final class ClusterBenchmark {

  private static final String POSTGRES_URL_VARIABLE = "WATCHFLOOR_BENCH_POSTGRES_URL";
  /** The streams watch a small box away from the demo's cameras, so a snapshot is empty and only the benchmark's changes arrive. */
  private static final BoundingBox WATCHED = BoundingBox.newBuilder().setSouth(37.50).setWest(-85.00).setNorth(37.51).setEast(-84.99).build();

  private ClusterBenchmark() {}

  public static void main(String[] args) throws Exception {
    int brokers = 3;
    int watchers = 1000;
    int changes = 60;
    int ticketSeconds = 10;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--brokers" -> brokers = Integer.parseInt(args[++i]);
        case "--watchers" -> watchers = Integer.parseInt(args[++i]);
        case "--changes" -> changes = Integer.parseInt(args[++i]);
        case "--ticket-seconds" -> ticketSeconds = Integer.parseInt(args[++i]);
        case "-h", "--help" -> {
          System.out.println("Usage: ./watchfloor bench cluster [--brokers 3] [--watchers 1000] [--changes 60] [--ticket-seconds 10]\n"
              + "PostgreSQL: " + POSTGRES_URL_VARIABLE + " (default: 127.0.0.1:5432/test when it answers); a database of its own is made and dropped");
          return;
        }
        default -> {
          System.err.println("watchfloor bench cluster: unknown option '" + args[i] + "' (see --help)");
          System.exit(2);
        }
      }
    }
    String server = System.getenv(POSTGRES_URL_VARIABLE);
    if (server == null || server.isBlank()) {
      System.err.println("watchfloor bench cluster: needs PostgreSQL; set " + POSTGRES_URL_VARIABLE);
      System.exit(2);
    }
    String name = "wf_bench_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    execute(server, "CREATE DATABASE " + name);
    String jdbcUrl = server.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    List<Process> processes = new ArrayList<>();
    List<Path> folders = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      for (int b = 0; b < brokers; b++) {
        Path folder = Files.createTempDirectory("watchfloor-bench-cluster-");
        folders.add(folder);
        processes.add(new ProcessBuilder(BrokerProcess.javaCommand("-Xmx512m", WatchfloorServer.class.getName(),
                "--data-dir", folder.toString(), "--grpc-port", "0", "--http-port", "0", "--bind", "127.0.0.1", "--db", jdbcUrl,
                "--sim-incidents-per-hour", "0", "--sim-hotlist-hits-per-hour", "0"))
            .redirectErrorStream(true).redirectOutput(folder.resolve("broker.log").toFile()).start());
        // One at a time: the first seeds the demo world, the others start on it.
        int port = awaitPort(processes.get(b), folder);
        channels.add(Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build());
      }
      Map<String, String> tokens = tokens(folders.get(0));
      System.out.printf("%d brokers on one PostgreSQL database, %d processors, load average %.2f%n",
          brokers, Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      fanOut(channels, tokens, watchers, changes);
      tickets(channels, tokens, ticketSeconds);
      System.out.printf("load average after the run %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
      for (Process process : processes) {
        process.destroy();
        process.waitFor(20, TimeUnit.SECONDS);
      }
      execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      for (Path folder : folders) {
        BrokerProcess.deleteTree(folder);
      }
    }
  }

  /** Times each change's arrival at every watching stream, from just before the write was sent. */
  private static void fanOut(List<ManagedChannel> channels, Map<String, String> tokens, int watchers, int changes) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Integer> writtenThrough = new ConcurrentHashMap<>();
    long[] sameBroker = new long[changes * watchers];
    long[] otherBroker = new long[changes * watchers];
    AtomicLong sameCount = new AtomicLong();
    AtomicLong otherCount = new AtomicLong();
    CountDownLatch synced = new CountDownLatch(watchers);
    CountDownLatch arrived = new CountDownLatch(changes * watchers);
    for (int w = 0; w < watchers; w++) {
      int broker = w % channels.size();
      CameraDirectoryGrpc.newStub(channels.get(broker)).withCallCredentials(new BearerToken(tokens.get("ana")))
          .watchCameras(WatchCamerasRequest.newBuilder().setBbox(WATCHED).build(), new StreamObserver<>() {
            @Override
            public void onNext(CameraEvent event) {
              long now = System.nanoTime();
              if (event.hasSynced()) {
                synced.countDown();
              } else if (event.hasUpserted()) {
                String id = event.getUpserted().getId();
                Long sent = sentAt.get(id);
                if (sent != null) {
                  if (writtenThrough.get(id) == broker) {
                    sameBroker[(int) sameCount.getAndIncrement()] = now - sent;
                  } else {
                    otherBroker[(int) otherCount.getAndIncrement()] = now - sent;
                  }
                  arrived.countDown();
                }
              }
            }

            @Override
            public void onError(Throwable error) {}

            @Override
            public void onCompleted() {}
          });
    }
    if (!synced.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(synced.getCount() + " of " + watchers + " Watch streams did not sync within 120 s");
    }
    for (int c = 0; c < changes; c++) {
      int broker = c % channels.size();
      String id = "bench-fanout-" + c;
      writtenThrough.put(id, broker);
      sentAt.put(id, System.nanoTime());
      CameraDirectoryGrpc.newBlockingStub(channels.get(broker)).withCallCredentials(new BearerToken(tokens.get("ada")))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .createCamera(CreateCameraRequest.newBuilder().setCamera(Camera.newBuilder().setId(id).setName("Fan-out " + c)
              .setKind(CameraKind.CAMERA_KIND_CITY_CCTV)
              .setLocation(GeoPoint.newBuilder().setLatitude(37.505).setLongitude(-84.995 + c * 1e-6))).build());
      Thread.sleep(100);
    }
    if (!arrived.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(arrived.getCount() + " change deliveries missing after 60 s");
    }
    long[] same = java.util.Arrays.copyOf(sameBroker, (int) sameCount.get());
    long[] other = java.util.Arrays.copyOf(otherBroker, (int) otherCount.get());
    System.out.printf("fan-out of %d changes to %d Watch streams (%d deliveries)%n", changes, watchers, same.length + other.length);
    System.out.printf("  at the writer's broker:  p50 %.1f ms, p99 %.1f ms (%d deliveries)%n",
        millis(percentile(same, 50)), millis(percentile(same, 99)), same.length);
    System.out.printf("  at the other brokers:    p50 %.1f ms, p99 %.1f ms (%d deliveries)%n",
        millis(percentile(other, 50)), millis(percentile(other, 99)), other.length);
  }

  /** Stream tickets issued a second by all brokers together, 8 concurrent callers spread over them. */
  private static void tickets(List<ManagedChannel> channels, Map<String, String> tokens, int seconds) throws Exception {
    List<String> cameras = new ArrayList<>();
    CameraDirectoryGrpc.newBlockingStub(channels.get(0)).withCallCredentials(new BearerToken(tokens.get("ana"))).withDeadlineAfter(10, TimeUnit.SECONDS)
        .listCameras(ListCamerasRequest.newBuilder().addKinds(CameraKind.CAMERA_KIND_TRAFFIC).setPageSize(50).build())
        .getCamerasList().stream().filter(camera -> camera.getStreamsCount() > 0).forEach(camera -> cameras.add(camera.getId()));
    Purpose purpose = Purpose.newBuilder().setCaseNumber("BENCH-1").setReason("cluster benchmark").build();
    AtomicLong issued = new AtomicLong();
    long[] perBroker = new long[channels.size()];
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long start = System.nanoTime();
    for (int t = 0; t < callers; t++) {
      int caller = t;
      pool.submit(() -> {
        int broker = caller % channels.size();
        var stub = StreamServiceGrpc.newBlockingStub(channels.get(broker)).withCallCredentials(new BearerToken(tokens.get("ana")));
        for (int n = 0; System.nanoTime() < end; n++) {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).openLive(OpenLiveRequest.newBuilder()
              .setCameraId(cameras.get((caller + n) % cameras.size())).setPurpose(purpose).build());
          issued.incrementAndGet();
          synchronized (perBroker) {
            perBroker[broker]++;
          }
        }
        return null;
      });
    }
    pool.shutdown();
    pool.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf("stream tickets: %d issued in %.1f s by %d brokers = %.0f a second (per broker %s), %d concurrent callers%n",
        issued.get(), elapsed, channels.size(), issued.get() / elapsed, java.util.Arrays.toString(perBroker), callers);
  }

  private static int awaitPort(Process process, Path folder) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Path endpoint = folder.resolve("server.json");
    while (!Files.exists(endpoint)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("a broker did not start; its log: " + folder.resolve("broker.log"));
      }
      Thread.sleep(100);
    }
    return new ObjectMapper().readTree(endpoint.toFile()).get("grpcPort").asInt();
  }

  private static Map<String, String> tokens(Path folder) throws Exception {
    Map<String, String> tokens = new ConcurrentHashMap<>();
    for (JsonNode entry : new ObjectMapper().readTree(folder.resolve("demo-credentials.json").toFile())) {
      tokens.put(entry.get("username").asText(), entry.get("token").asText());
    }
    return tokens;
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
