package org.watchfloor.bench;

import com.google.protobuf.ByteString;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.ImportCamerasRequest;
import org.watchfloor.proto.v1.ImportFormat;
import org.watchfloor.proto.v1.ImportMode;
import org.watchfloor.proto.v1.ImportReport;
import org.watchfloor.proto.v1.LayerServiceGrpc;

/**
 * Import benchmark: builds an inventory of N cameras (default 100,000) spread over a city as GeoJSON
 * and as CSV, then times LayerService.ImportCameras over a real loopback gRPC call: a dry run, the
 * commit (N new cameras, one transaction), and a re-import (every record matched, unchanged). The
 * target is under 10 s for each dry run and commit. Beside each time, the CPU seconds this process
 * (client and broker) spent: on a machine shared with other work they compare runs better than the
 * time does (PostgreSQL's own work is in its server process and not counted).
 */
public final class ImportBenchmark {

  private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Wall-clock and CPU seconds of one import call. */
  private record Timing(double seconds, double cpuSeconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f (%.1f)", seconds, cpuSeconds);
    }
  }

  private ImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = 100_000;
    List<String> stores = List.of("h2", "postgresql");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Integer.parseInt(args[++i]);
        case "--stores" -> stores = List.of(args[++i].split(","));
        case "-h", "--help" -> {
          System.out.println("Usage: ./watchfloor bench import [--records N] [--stores h2,postgresql]  (default 100000, at most 100000 per import)\n"
              + "PostgreSQL: " + DirectoryBenchmark.POSTGRES_URL_VARIABLE + " (default: 127.0.0.1:5432/test when it answers)");
          return;
        }
        default -> {
          System.err.println("bench import: unknown option '" + args[i] + "' (--help lists them)");
          System.exit(2);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%-11s %-8s %8s %11s %14s %14s %14s%n", "store", "format", "records", "file (MiB)", "dry run (s)", "commit (s)",
        "re-import (s)");
    System.out.printf(Locale.ROOT, "%-11s %-8s %8s %11s %14s %14s %14s%n", "", "", "", "", "(CPU s)", "(CPU s)", "(CPU s)");
    for (String store : stores) {
      if (store.equals("postgresql") && System.getenv(DirectoryBenchmark.POSTGRES_URL_VARIABLE) == null) {
        System.out.printf("%-11s skipped: set %s%n", store, DirectoryBenchmark.POSTGRES_URL_VARIABLE);
        continue;
      }
      try (DirectoryBenchmark.BenchBroker broker = DirectoryBenchmark.BenchBroker.start(store)) {
        for (ImportFormat format : new ImportFormat[] {ImportFormat.IMPORT_FORMAT_GEOJSON, ImportFormat.IMPORT_FORMAT_CSV}) {
          byte[] file = format == ImportFormat.IMPORT_FORMAT_CSV ? csv(records) : geoJson(records);
          String source = "bench:" + format.name().toLowerCase(Locale.ROOT);
          Timing dryRun = time(broker, format, file, source, true, records, 0);
          Timing commit = time(broker, format, file, source, false, records, 0);
          Timing again = time(broker, format, file, source, false, 0, records);
          System.out.printf(Locale.ROOT, "%-11s %-8s %8d %11.1f %14s %14s %14s%n", store, format.name().substring("IMPORT_FORMAT_".length()),
              records, file.length / 1048576.0, dryRun, commit, again);
        }
      }
    }
  }

  /** Times one import and checks it did what it should (all new, or all unchanged). */
  private static Timing time(DirectoryBenchmark.BenchBroker broker, ImportFormat format, byte[] file, String source,
      boolean dryRun, int expectCreated, int expectUnchanged) {
    long start = System.nanoTime();
    long cpuStart = OS.getProcessCpuTime();
    ImportReport report = LayerServiceGrpc.newBlockingStub(broker.channel).withCallCredentials(broker.credentials)
        .withDeadlineAfter(10, TimeUnit.MINUTES).withMaxOutboundMessageSize(64 * 1024 * 1024)
        .importCameras(ImportCamerasRequest.newBuilder()
            .setFormat(format).setContent(ByteString.copyFrom(file)).setSourceName(source)
            .setDefaultKind(CameraKind.CAMERA_KIND_CITY_CCTV).setMode(ImportMode.IMPORT_MODE_CREATE_OR_UPDATE)
            .setDryRun(dryRun).build());
    Timing timing = new Timing((System.nanoTime() - start) / 1e9, (OS.getProcessCpuTime() - cpuStart) / 1e9);
    if (report.getCreated() != expectCreated || report.getUnchanged() != expectUnchanged || report.getRejected() != 0) {
      throw new IllegalStateException("unexpected report: " + report.getCreated() + " created, " + report.getUnchanged()
          + " unchanged, " + report.getRejected() + " rejected");
    }
    return timing;
  }

  private static double[] position(Random random) {
    return new double[] {37.95 + random.nextDouble() * 0.2, -84.6 + random.nextDouble() * 0.25};
  }

  static byte[] csv(int records) {
    Random random = new Random(42);
    StringBuilder csv = new StringBuilder("source_id,name,latitude,longitude,direction,field_of_view,range,operator\n");
    for (int i = 0; i < records; i++) {
      double[] at = position(random);
      csv.append(String.format(Locale.ROOT, "C-%06d,Camera %d,%.6f,%.6f,%d,60,80,City of Lexington%n",
          i, i, at[0], at[1], random.nextInt(360)));
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] geoJson(int records) {
    Random random = new Random(43);
    StringBuilder json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < records; i++) {
      double[] at = position(random);
      json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"type\":\"Feature\",\"id\":\"G-%06d\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]},"
              + "\"properties\":{\"name\":\"Camera %d\",\"direction\":%d,\"field_of_view\":60,\"range\":80,\"operator\":\"City of Lexington\"}}",
          i, at[1], at[0], i, random.nextInt(360)));
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
