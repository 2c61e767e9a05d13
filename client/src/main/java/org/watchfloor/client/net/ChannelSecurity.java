package org.watchfloor.client.net;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * How the client's channel reaches the brokers: plaintext (the demo, a broker on this machine), or
 * TLS trusting either the system's certificate authorities or a center's own certificates (a PEM
 * file with its CA or the broker's self-signed certificate).
 */
public record ChannelSecurity(boolean tls, Optional<Path> trustedCertificates) {

  public static final ChannelSecurity PLAINTEXT = new ChannelSecurity(false, Optional.empty());

  public ChannelSecurity {
    if (!tls && trustedCertificates.isPresent()) {
      throw new IllegalArgumentException("trusted certificates are for TLS");
    }
  }

  /** TLS, trusting the certificate authorities the JDK trusts. */
  public static ChannelSecurity systemTrust() {
    return new ChannelSecurity(true, Optional.empty());
  }

  /**
   * TLS, trusting only the certificates of {@code pemFile}.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
   */
  public static ChannelSecurity trusting(Path pemFile) {
    String pem;
    try {
      pem = Files.readString(pemFile);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no file " + pemFile, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + pemFile + ": " + e.getMessage(), e);
    }
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(pemFile + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return new ChannelSecurity(true, Optional.of(pemFile));
  }

  /** The channel credentials for gRPC; the trusted file is read now, so a file changed since is read as it is. */
  ChannelCredentials credentials() {
    if (!tls) {
      return InsecureChannelCredentials.create();
    }
    if (trustedCertificates.isEmpty()) {
      return TlsChannelCredentials.create();
    }
    try {
      return TlsChannelCredentials.newBuilder().trustManager(trustedCertificates.get().toFile()).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trusted certificates " + trustedCertificates.get(), e);
    }
  }

  /**
   * What to add to an unreachable broker's message when the cause may be this setting: a TLS
   * broker closes a plaintext connection without a word, and a certificate not trusted fails the
   * handshake.
   */
  String hintWhenUnreachable(Throwable failure) {
    if (!tls) {
      return " (if the broker uses TLS, start the client with --tls or --tls-ca PEM)";
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLHandshakeException handshake) {
        return trustedCertificates.map(file -> " (TLS handshake failed: " + handshake.getMessage() + "; the broker's certificate is not among those of " + file + ", or the broker does not use TLS)")
            .orElse(" (TLS handshake failed: " + handshake.getMessage() + "; the broker's certificate is not signed by an authority the Java runtime trusts: give the center's certificate with --tls-ca PEM, or the broker does not use TLS)");
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return !tls ? "plaintext" : trustedCertificates.map(file -> "TLS trusting " + file).orElse("TLS");
  }
}
