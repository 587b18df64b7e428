package dev.meshtrace.otlp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS from PEM files, as the OpenTelemetry SDK takes them: trusted CA certificates, and for mTLS a client
 * certificate chain with its PKCS#8 private key (RSA or EC). Failures name the file and the setting.
 */
public final class PemTls {
  private final SSLContext context;
  private final X509TrustManager trustManager;

  private PemTls(SSLContext context, X509TrustManager trustManager) {
    this.context = context;
    this.trustManager = trustManager;
  }

  SSLContext context() {
    return context;
  }

  X509TrustManager trustManager() {
    return trustManager;
  }

  /**
   * @param caFile trusted CA certificates, or null for the JDK's
   * @param clientKeyFile the client's private key, or null without mTLS
   * @param clientCertFile the client's certificate chain; set together with {@code clientKeyFile}
   * @param setting the name given in errors, e.g. {@code certificate}
   * @throws IllegalArgumentException naming the setting and file that cannot be read
   */
  public static PemTls load(Path caFile, Path clientKeyFile, Path clientCertFile, String setting) {
    if ((clientKeyFile == null) != (clientCertFile == null)) {
      throw new IllegalArgumentException(setting + ": a client key needs a client certificate and vice versa");
    }
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile == null) {
        trust.init((KeyStore) null);
      } else {
        KeyStore cas = emptyKeyStore();
        int i = 0;
        for (Certificate certificate : certificates(caFile, setting)) cas.setCertificateEntry("ca" + i++, certificate);
        if (i == 0) throw new IllegalArgumentException(setting + ": no certificate in " + caFile);
        trust.init(cas);
      }
      KeyManagerFactory keys = null;
      if (clientKeyFile != null) {
        KeyStore store = emptyKeyStore();
        store.setKeyEntry("client", privateKey(clientKeyFile, setting), new char[0],
            certificates(clientCertFile, setting).toArray(new Certificate[0]));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      X509TrustManager trustManager = null;
      for (TrustManager manager : trust.getTrustManagers()) {
        if (manager instanceof X509TrustManager) trustManager = (X509TrustManager) manager;
      }
      return new PemTls(context, trustManager);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(setting + ": cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    return store;
  }

  private static Collection<? extends Certificate> certificates(Path file, String setting) {
    try (InputStream in = Files.newInputStream(file)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(setting + ": cannot read certificates from " + file + ": " + e, e);
    }
  }

  private static PrivateKey privateKey(Path file, String setting) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + ": cannot read the client key " + file + ": " + e, e);
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(setting + ": " + file + " is not a PKCS#8 PEM private key"
          + " (-----BEGIN PRIVATE KEY-----)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(setting + ": the key in " + file + " is neither RSA, EC nor Ed25519");
  }
}
