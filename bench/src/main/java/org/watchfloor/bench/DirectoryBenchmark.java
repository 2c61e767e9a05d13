package org.watchfloor.bench;

import static org.watchfloor.bench.Latencies.millis;
import static org.watchfloor.bench.Latencies.percentile;

import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraDirectoryGrpc;
import org.watchfloor.proto.v1.CameraEvent;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.CreateCameraRequest;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.ListCamerasRequest;
import org.watchfloor.proto.v1.Role;
import org.watchfloor.proto.v1.ViewCone;
import org.watchfloor.proto.v1.WatchCamerasRequest;
import org.watchfloor.server.Broker;
import org.watchfloor.server.ServerSettings;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.auth.UserDirectory;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.store.ProtoTime;

/**
 * Camera directory benchmark: loads N synthetic cameras clustered around 200 cities into a fresh
 * store, then times city-sized viewport queries (0.1 x 0.1 degrees, page of up to 500) in process
 * and over a loopback gRPC channel; then times one change's arrival at 100 watching clients.
 */
public final class DirectoryBenchmark {

  static final String POSTGRES_URL_VARIABLE = "WATCHFLOOR_BENCH_POSTGRES_URL";
  private static final int LOAD_BATCH = 10_000;

  private DirectoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(10_000, 100_000, 1_000_000);
    List<String> stores = List.of("h2", "postgresql");
    int queries = 2000;
    int watchers = 100;
    int changes = 50;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--stores" -> stores = List.of(args[++i].split(","));
        case "--queries" -> queries = Integer.parseInt(args[++i]);
        case "--watchers" -> watchers = Integer.parseInt(args[++i]);
        case "--changes" -> changes = Integer.parseInt(args[++i]);
        case "-h", "--help" -> {
          System.out.println(
              "Usage: ./watchfloor bench directory [--sizes 10000,100000,1000000] [--stores h2,postgresql]"
                  + " [--queries 2000] [--watchers 100] [--changes 50]\n"
                  + "PostgreSQL: " + POSTGRES_URL_VARIABLE + " (default: 127.0.0.1:5432/test when it answers)");
          return;
        }
        default -> {
          System.err.println("watchfloor bench directory: unknown option '" + args[i] + "' (see --help)");
          System.exit(2);
        }
      }
    }
    System.out.printf("%-11s %9s %8s %9s %22s %22s %8s%n",
        "store", "cameras", "load s", "reload s", "in-process p50/p99 ms", "gRPC p50/p99 ms", "per page");
    for (String store : stores) {
      if (store.equals("postgresql") && System.getenv(POSTGRES_URL_VARIABLE) == null) {
        System.out.printf("%-11s skipped: set %s%n", store, POSTGRES_URL_VARIABLE);
        continue;
      }
      for (int size : sizes) {
        viewportRun(store, size, queries);
      }
    }
    fanOutRun(watchers, changes);
  }

  private static void viewportRun(String store, int size, int queries) throws Exception {
    try (BenchBroker bench = BenchBroker.start(store)) {
      Random random = new Random(42);
      List<GeoPoint> cities = cities(random);
      long loadStart = System.nanoTime();
      for (int done = 0; done < size; done += LOAD_BATCH) {
        List<Camera> batch = new ArrayList<>(LOAD_BATCH);
        for (int i = done; i < Math.min(size, done + LOAD_BATCH); i++) {
          batch.add(syntheticCamera(i, cities, random));
        }
        bench.broker.cameras().writeMany("bench load", batch, transaction -> {});
      }
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      long reloadStart = System.nanoTime();
      new CameraDirectory(bench.broker.database(), bench.broker.audit(), bench.broker.upstreamVault(), Clock.systemUTC());
      double reloadSeconds = (System.nanoTime() - reloadStart) / 1e9;

      CameraDirectory directory = bench.broker.cameras();
      var stub = CameraDirectoryGrpc.newBlockingStub(bench.channel).withCallCredentials(bench.credentials);
      long[] inProcess = new long[queries];
      long[] overGrpc = new long[queries];
      long returned = 0;
      for (int warm = 0; warm < 200; warm++) {
        BoundingBox box = viewport(cities, random);
        directory.list(filter(box), "", 500);
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).listCameras(ListCamerasRequest.newBuilder().setBbox(box).setPageSize(500).build());
      }
      for (int q = 0; q < queries; q++) {
        BoundingBox box = viewport(cities, random);
        long start = System.nanoTime();
        returned += directory.list(filter(box), "", 500).cameras().size();
        inProcess[q] = System.nanoTime() - start;
        start = System.nanoTime();
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).listCameras(ListCamerasRequest.newBuilder().setBbox(box).setPageSize(500).build());
        overGrpc[q] = System.nanoTime() - start;
      }
      System.out.printf("%-11s %9d %8.1f %9.1f %10.3f / %-9.3f %10.3f / %-9.3f %8d%n",
          store, size, loadSeconds, reloadSeconds,
          millis(percentile(inProcess, 50)), millis(percentile(inProcess, 99)),
          millis(percentile(overGrpc, 50)), millis(percentile(overGrpc, 99)),
          returned / queries);
    }
  }

  /** Time from the start of one CreateCamera call to its arrival at each watching client. */
  private static void fanOutRun(int watchers, int changes) throws Exception {
    try (BenchBroker bench = BenchBroker.start("h2")) {
      Random random = new Random(7);
      List<GeoPoint> cities = cities(random);
      List<Camera> seed = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        seed.add(syntheticCamera(i, cities, random));
      }
      bench.broker.cameras().writeMany("bench seed", seed, transaction -> {});
      List<ManagedChannel> channels = new ArrayList<>();
      ConcurrentHashMap<String, long[]> arrivals = new ConcurrentHashMap<>();
      CountDownLatch synced = new CountDownLatch(watchers);
      try {
        for (int w = 0; w < watchers; w++) {
          int watcher = w;
          ManagedChannel channel = bench.newChannel();
          channels.add(channel);
          CameraDirectoryGrpc.newStub(channel).withCallCredentials(bench.credentials)
              .watchCameras(WatchCamerasRequest.getDefaultInstance(), new StreamObserver<>() {
                @Override
                public void onNext(CameraEvent event) {
                  if (event.hasSynced()) {
                    synced.countDown();
                  } else if (event.hasUpserted() && event.getUpserted().getId().startsWith("fanout-")) {
                    arrivals.computeIfAbsent(event.getUpserted().getId(), id -> new long[watchers])[watcher] = System.nanoTime();
                  }
                }

                @Override
                public void onError(Throwable error) {}

                @Override
                public void onCompleted() {}
              });
        }
        if (!synced.await(120, TimeUnit.SECONDS)) {
          throw new IllegalStateException("not every watcher received its snapshot within 120 s");
        }
        var admin = CameraDirectoryGrpc.newBlockingStub(bench.channel).withCallCredentials(bench.credentials);
        long[] latencies = new long[changes * watchers];
        long[] slowestPerChange = new long[changes];
        for (int c = 0; c < changes; c++) {
          String id = "fanout-" + c;
          long start = System.nanoTime();
          admin.withDeadlineAfter(10, TimeUnit.SECONDS).createCamera(
              CreateCameraRequest.newBuilder().setCamera(syntheticCamera(c, cities, random).toBuilder().setId(id)).build());
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (!allArrived(arrivals.get(id), watchers) && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          long[] arrived = arrivals.get(id);
          for (int w = 0; w < watchers; w++) {
            long latency = arrived == null || arrived[w] == 0 ? Long.MAX_VALUE : arrived[w] - start;
            latencies[c * watchers + w] = latency;
            slowestPerChange[c] = Math.max(slowestPerChange[c], latency);
          }
          Thread.sleep(20);
        }
        System.out.printf("%nWatch fan-out, %d clients on their own channels, %d changes (H2, 10,000 cameras):%n", watchers, changes);
        System.out.printf("  change to arrival at a client: p50 %.2f ms, p99 %.2f ms%n",
            millis(percentile(latencies, 50)), millis(percentile(latencies, 99)));
        System.out.printf("  change to arrival at the last of the %d clients: median %.2f ms, max %.2f ms%n",
            watchers, millis(percentile(slowestPerChange, 50)), millis(percentile(slowestPerChange, 100)));
      } finally {
        for (ManagedChannel channel : channels) {
          channel.shutdownNow();
        }
      }
    }
  }

  private static boolean allArrived(long[] arrived, int watchers) {
    if (arrived == null) {
      return false;
    }
    for (int w = 0; w < watchers; w++) {
      if (arrived[w] == 0) {
        return false;
      }
    }
    return true;
  }

  /** 200 city centres across the continental United States. */
  private static List<GeoPoint> cities(Random random) {
    List<GeoPoint> cities = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      cities.add(point(25 + random.nextDouble() * 24, -124 + random.nextDouble() * 57));
    }
    return cities;
  }

  /** A camera near a city; bigger cities (lower index) get more cameras. */
  private static Camera syntheticCamera(int n, List<GeoPoint> cities, Random random) {
    GeoPoint city = cities.get((int) Math.min(cities.size() - 1, Math.abs(random.nextGaussian()) * 40));
    double lat = clamp(city.getLatitude() + random.nextGaussian() * 0.12, -89, 89);
    double lon = clamp(city.getLongitude() + random.nextGaussian() * 0.15, -179, 179);
    java.time.Instant now = java.time.Instant.now();
    return Camera.newBuilder()
        .setId(String.format("bench-%07d", n))
        .setName("Synthetic camera " + n)
        .setKind(CameraKind.forNumber(1 + n % 3)) // public kinds: private ones need a registered owner
        .setLocation(point(lat, lon))
        .addCones(ViewCone.newBuilder().setHeadingDegrees(n % 360).setFieldOfViewDegrees(60).setRangeMeters(120))
        .setAddress(n + " Main St")
        .setCreatedAt(ProtoTime.toTimestamp(now))
        .setUpdatedAt(ProtoTime.toTimestamp(now))
        .build();
  }

  private static BoundingBox viewport(List<GeoPoint> cities, Random random) {
    GeoPoint city = cities.get((int) Math.min(cities.size() - 1, Math.abs(random.nextGaussian()) * 40));
    double south = clamp(city.getLatitude() - 0.05 + random.nextGaussian() * 0.05, -89, 88.8);
    double west = clamp(city.getLongitude() - 0.05 + random.nextGaussian() * 0.05, -179, 178.8);
    return BoundingBox.newBuilder().setSouth(south).setNorth(south + 0.1).setWest(west).setEast(west + 0.1).build();
  }

  private static CameraDirectory.Filter filter(BoundingBox box) {
    return new CameraDirectory.Filter(Optional.of(box), EnumSet.noneOf(CameraKind.class), java.util.Set.of());
  }

  private static GeoPoint point(double lat, double lon) {
    return GeoPoint.newBuilder().setLatitude(lat).setLongitude(lon).build();
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  /** A broker on loopback over a fresh store, with an admin to sign in as (the import benchmark uses it too). */
  static final class BenchBroker implements AutoCloseable {
    final Broker broker;
    final ManagedChannel channel;
    final CallCredentials credentials;
    final Path dataDir;
    final Optional<String> dropSchema;

    private BenchBroker(Broker broker, CallCredentials credentials, Path dataDir, Optional<String> dropSchema) {
      this.broker = broker;
      this.channel = newChannel(broker);
      this.credentials = credentials;
      this.dataDir = dataDir;
      this.dropSchema = dropSchema;
    }

    static BenchBroker start(String store) throws Exception {
      Path dataDir = Files.createTempDirectory("watchfloor-bench-");
      Optional<String> jdbcUrl = Optional.empty();
      Optional<String> schema = Optional.empty();
      if (store.equals("postgresql")) {
        String base = System.getenv(POSTGRES_URL_VARIABLE);
        String name = "wf_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(base, "CREATE SCHEMA " + name);
        schema = Optional.of(name);
        jdbcUrl = Optional.of(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name);
      } else if (!store.equals("h2")) {
        throw new IllegalArgumentException("--stores takes h2 and postgresql, not '" + store + "'");
      }
      Broker broker = Broker.start(new ServerSettings(dataDir, 0, 0, "127.0.0.1", jdbcUrl, false));
      String token = broker.users().create(Actor.SYSTEM,
          new UserDirectory.NewUser("bench", "Benchmark", EnumSet.of(Role.ROLE_ADMIN), "Benchmark", "")).token();
      return new BenchBroker(broker, bearer(token), dataDir, schema);
    }

    ManagedChannel newChannel() {
      return newChannel(broker);
    }

    private static ManagedChannel newChannel(Broker broker) {
      return Grpc.newChannelBuilderForAddress("127.0.0.1", broker.server().grpcPort(), InsecureChannelCredentials.create())
          .maxInboundMessageSize(64 * 1024 * 1024)
          .build();
    }

    @Override
    public void close() throws Exception {
      channel.shutdownNow();
      broker.close();
      if (dropSchema.isPresent()) {
        execute(System.getenv(POSTGRES_URL_VARIABLE), "DROP SCHEMA " + dropSchema.get() + " CASCADE");
      }
      try (var paths = Files.walk(dataDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(headers);
      }
    };
  }
}
