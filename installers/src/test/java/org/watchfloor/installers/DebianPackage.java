package org.watchfloor.installers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One .deb of this build, read and unpacked with dpkg-deb as dpkg would, without installing it. */
record DebianPackage(Path file) {

  /** The package {@code name} that the build wrote into installers/target. */
  static DebianPackage built(String name) throws IOException {
    Path folder = Path.of(System.getProperty("watchfloor.packages", "target"));
    try (Stream<Path> files = Files.list(folder)) {
      return new DebianPackage(files.filter(file -> file.getFileName().toString().matches(name + "_[0-9.]+_amd64\\.deb")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + name + "_*.deb in " + folder + ": installers/linux/build-deb makes it")));
    }
  }

  /** A field of the control file, e.g. Depends. */
  String field(String name) throws IOException, InterruptedException {
    return run("dpkg-deb", "--field", file.toString(), name).strip();
  }

  /** A file of the control archive, e.g. conffiles or postinst. */
  String controlFile(String name) throws IOException, InterruptedException {
    return run("dpkg-deb", "--info", file.toString(), name);
  }

  /** Every path the package installs, as {@code ./usr/bin/x}. */
  List<String> contents() throws IOException, InterruptedException {
    return run("dpkg-deb", "--contents", file.toString()).lines().map(line -> line.substring(line.indexOf(" ./") + 1)).toList();
  }

  /** Unpacks the files into {@code root} as if it were /, and answers {@code root}. */
  Path unpackInto(Path root) throws IOException, InterruptedException {
    run("dpkg-deb", "--extract", file.toString(), root.toString());
    return root;
  }

  /** Runs a command to its end and answers what it printed; a failure names the command and its words. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }
}
