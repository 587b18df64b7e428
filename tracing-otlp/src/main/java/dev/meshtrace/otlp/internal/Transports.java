package dev.meshtrace.otlp.internal;

import dev.meshtrace.otlp.OtlpProtocol;
import dev.meshtrace.otlp.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/** Builds the OkHttp client and the sender for an OTLP endpoint. */
public final class Transports {
  private Transports() {}

  /**
   * @param endpoint the full traces URL for OTLP/HTTP, the base URL for gRPC
   * @param tls the TLS of an {@code https} endpoint, or null for the JDK's defaults
   */
  public static OtlpSender sender(OtlpProtocol protocol, String endpoint, Map<String, String> headers,
      boolean gzip, Duration timeout, PemTls tls, RetryPolicy retry, int messageMaxBytes) {
    boolean cleartext = endpoint.regionMatches(true, 0, "http:", 0, 5);
    OkHttpClient.Builder client = new OkHttpClient.Builder()
        .callTimeout(timeout)
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .retryOnConnectionFailure(false); // retries are ours, counted and bounded
    if (tls != null) client.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
    Transport transport;
    if (protocol == OtlpProtocol.GRPC) {
      client.protocols(cleartext ? List.of(Protocol.H2_PRIOR_KNOWLEDGE) : List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      transport = new GrpcTransport(client.build(), endpoint, gzip, headers);
    } else {
      transport = new HttpTransport(client.build(), endpoint, protocol == OtlpProtocol.HTTP_JSON, gzip, headers);
    }
    return new OtlpSender(transport, protocol == OtlpProtocol.HTTP_JSON, messageMaxBytes, retry);
  }
}
