package org.watchfloor.server;

import java.io.IOException;
import java.nio.file.Path;

/** A broker's TLS certificate for localhost and 127.0.0.1, made by openssl as an operator would. */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

  /** Writes {@code broker.crt} and {@code broker.key} into {@code folder}. */
  public static SelfSignedCertificate create(Path folder) throws IOException, InterruptedException {
    Path certificate = folder.resolve("broker.crt");
    Path key = folder.resolve("broker.key");
    Process openssl =
        new ProcessBuilder(
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", certificate.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes());
    if (openssl.waitFor() != 0) {
      throw new IOException("openssl could not make a certificate: " + output);
    }
    return new SelfSignedCertificate(certificate, key);
  }

  public ServerSettings.TlsFiles tlsFiles() {
    return new ServerSettings.TlsFiles(certificate, privateKey);
  }
}
