package org.watchfloor.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.health.v1.HealthCheckResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchfloor-server package, unpacked as dpkg would install it, run as systemd would run it. */
class ServerPackageIT {

  private static final String UNIT = "lib/systemd/system/watchfloor-server.service";
  private static final String CONFIGURATION = "etc/watchfloor/server.conf";

  @TempDir static Path root;
  private static DebianPackage server;

  @BeforeAll
  static void unpack() throws Exception {
    server = DebianPackage.built("watchfloor-server");
    server.unpackInto(root);
  }

  @Test
  void unitPassesSystemdAnalyzeVerifyWithItsCommandWhereThePackagePutsIt(@TempDir Path units) throws Exception {
    // verify checks that ExecStart names an executable: point it into the unpacked tree, nothing else changes.
    String unit = Files.readString(root.resolve(UNIT)).replace("=/opt/", "=" + root + "/opt/");
    Path copy = Files.writeString(units.resolve("watchfloor-server.service"), unit);

    assertEquals("", DebianPackage.run("systemd-analyze", "verify", copy.toString()).strip());
  }

  @Test
  void unitRunsAsItsOwnUserHardenedAndRestartsOnFailure() throws Exception {
    String unit = Files.readString(root.resolve(UNIT));

    for (String setting : List.of("User=watchfloor", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
        "PrivateTmp=yes", "ReadWritePaths=/var/lib/watchfloor")) {
      assertTrue(unit.lines().anyMatch(setting::equals), "the unit lacks " + setting);
    }
    assertTrue(server.controlFile("postinst").contains("adduser --system --group --home /var/lib/watchfloor"),
        "postinst creates the system user watchfloor with its home in the data folder");
    assertEquals("/etc/watchfloor/server.conf", server.controlFile("conffiles").strip(),
        "the configuration is a conffile: an upgrade keeps the city's changes");
  }

  @Test
  void brokerStartsFromItsInstalledPathsWithTheShippedConfigurationAndAnswersHealth(@TempDir Path data) throws Exception {
    // As the unit runs it: the launcher with @/etc/watchfloor/server.conf, the data folder moved into
    // a temporary one and the ports made free ones (the only lines changed).
    Path configuration = Files.writeString(data.resolve("server.conf"), Files.readString(root.resolve(CONFIGURATION))
        .replace("--data-dir /var/lib/watchfloor", "--data-dir " + data.resolve("var-lib-watchfloor"))
        + "\n--grpc-port 0\n--http-port 0\n--bind 127.0.0.1\n");
    List<String> command = execStart(Files.readString(root.resolve(UNIT)));
    assertEquals(List.of("/opt/watchfloor-server/bin/watchfloor-server", "@/etc/watchfloor/server.conf"), command);
    command.set(0, root + command.get(0));
    command.set(1, "@" + configuration);

    try (PackagedBroker broker = PackagedBroker.start(command, data.resolve("var-lib-watchfloor"), data.resolve("broker.log"))) {
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, broker.health());
      assertTrue(Files.exists(broker.dataDir().resolve("watchfloor.mv.db")), "the embedded database is in the data folder");
      assertTrue(broker.log().contains("Watchfloor broker serving gRPC"), broker.log());
    }
  }

  @Test
  void wrongOptionInTheConfigurationStopsTheBrokerNamingItWithTheStatusTheUnitDoesNotRestart(@TempDir Path data) throws Exception {
    Path configuration = Files.writeString(data.resolve("server.conf"), "--data-dir " + data + "\n--grpc-prot 50051\n");
    Process broker = new ProcessBuilder(root + "/opt/watchfloor-server/bin/watchfloor-server", "@" + configuration)
        .redirectErrorStream(true).start();
    String said = new String(broker.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertEquals(2, broker.waitFor());
    assertTrue(said.contains("Unknown options: '--grpc-prot'"), said);
    assertTrue(Files.readString(root.resolve(UNIT)).contains("RestartPreventExitStatus=2"));
  }

  private static List<String> execStart(String unit) throws IOException {
    Matcher line = Pattern.compile("(?m)^ExecStart=(.+)$").matcher(unit);
    if (!line.find()) {
      throw new IOException("the unit has no ExecStart");
    }
    return new ArrayList<>(Arrays.asList(line.group(1).strip().split("\\s+")));
  }
}
