package org.watchfloor.client.evidence;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code watchfloor verify-export PATH [--public-key FILE|URL]}: checks an evidence package offline
 * with only the JDK (no broker, no library), so that whoever receives it can run it anywhere.
 * Exit status 0 when every check passes, 1 when one fails (each failing file named), 2 when the
 * check could not be made.
 */
public final class VerifyExportCommand {

  static final String USAGE = """
      Usage: ./watchfloor verify-export PATH [--public-key FILE|URL]
        PATH                   an evidence package: its folder or its zip
        --public-key FILE|URL  the broker's published key (GET /evidence/public-key, PEM or base64)
                               to check the signature against; without it the signature is checked
                               only against the key inside the package: integrity, not origin
      Checks every file's SHA-256 against manifest-sha256.txt and tagmanifest-sha256.txt, that no file
      is missing or added, the Payload-Oxum, and the broker's Ed25519 signature over both manifests.
      Exit status: 0 the package verifies, 1 it does not (each failing file is named), 2 no check was made.""";

  private VerifyExportCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Optional<String> path = Optional.empty();
    Optional<String> keySource = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        case "--public-key" -> {
          if (i + 1 == args.length) {
            return usage(err, "--public-key needs a FILE or URL");
          }
          keySource = Optional.of(args[++i]);
        }
        default -> {
          if (args[i].startsWith("-")) {
            return usage(err, "unknown option '" + args[i] + "'");
          }
          if (path.isPresent()) {
            return usage(err, "one PATH only, got '" + path.get() + "' and '" + args[i] + "'");
          }
          path = Optional.of(args[i]);
        }
      }
    }
    if (path.isEmpty()) {
      return usage(err, "give the package's folder or zip");
    }
    Path bag = Path.of(path.get());
    if (!Files.exists(bag)) {
      err.println("verify-export: " + bag + ": no such folder or zip");
      return 2;
    }
    Optional<String> trusted;
    try {
      trusted = keySource.isEmpty() ? Optional.empty() : Optional.of(readKey(keySource.get()));
      if (trusted.isPresent() && ExportVerifier.decode(trusted.get()).isEmpty()) {
        err.println("verify-export: --public-key " + keySource.get() + ": not a PEM or base64 public key");
        return 2;
      }
    } catch (IOException | InterruptedException e) {
      err.println("verify-export: --public-key " + keySource.get() + ": cannot be read (" + e.getMessage() + ")");
      return 2;
    }
    ExportVerifier.Report report;
    try {
      report = ExportVerifier.verify(bag, trusted);
    } catch (IOException e) {
      err.println("verify-export: " + bag + ": cannot be read (" + e.getMessage() + ")");
      return 2;
    }
    report.lines().forEach(out::println);
    return report.passed() ? 0 : 1;
  }

  /** The key at {@code source}: a file, or a URL (the broker's {@code /evidence/public-key}). */
  static String readKey(String source) throws IOException, InterruptedException {
    if (source.startsWith("http://") || source.startsWith("https://")) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (answer.statusCode() != 200) {
        throw new IOException("HTTP " + answer.statusCode());
      }
      return answer.body();
    }
    return Files.readString(Path.of(source), StandardCharsets.US_ASCII);
  }

  private static int usage(PrintStream err, String problem) {
    err.println("verify-export: " + problem + " (--help explains)");
    return 2;
  }
}
