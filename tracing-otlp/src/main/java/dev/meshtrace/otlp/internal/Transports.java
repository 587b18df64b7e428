package dev.meshtrace.otlp.internal;

import dev.meshtrace.otlp.OtlpProtocol;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;

/** Builds the OkHttp client and the sender for an OTLP endpoint. */
public final class Transports {
  /** Where {@link #hideRetryAfter} puts the collector's {@code Retry-After}. */
  static final String RETRY_AFTER = "X-Meshtrace-Retry-After";

  private Transports() {}

  /**
   * Moves {@code Retry-After} out of OkHttp's sight: it would itself repeat a 503 that says {@code Retry-After: 0},
   * an attempt the retry policy would neither bound nor count.
   */
  private static Response hideRetryAfter(Interceptor.Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String retryAfter = response.header("Retry-After");
    if (retryAfter == null) return response;
    return response.newBuilder().removeHeader("Retry-After").header(RETRY_AFTER, retryAfter).build();
  }

  /**
   * @param endpoint the full traces URL for OTLP/HTTP, the base URL for gRPC
   * @param tls the TLS of an {@code https} endpoint, or null for the JDK's defaults
   */
  public static OtlpSender sender(OtlpProtocol protocol, String endpoint, Map<String, String> headers,
      boolean gzip, Duration timeout, PemTls tls, int messageMaxBytes) {
    boolean cleartext = endpoint.regionMatches(true, 0, "http:", 0, 5);
    OkHttpClient.Builder client = new OkHttpClient.Builder()
        .callTimeout(timeout)
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .retryOnConnectionFailure(false) // retries are ours, counted and bounded
        .addNetworkInterceptor(Transports::hideRetryAfter);
    if (tls != null) client.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
    Transport transport;
    if (protocol == OtlpProtocol.GRPC) {
      client.protocols(cleartext ? List.of(Protocol.H2_PRIOR_KNOWLEDGE) : List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
      transport = new GrpcTransport(client.build(), endpoint, gzip, headers);
    } else {
      transport = new HttpTransport(client.build(), endpoint, protocol == OtlpProtocol.HTTP_JSON, gzip, headers);
    }
    return new OtlpSender(transport, protocol == OtlpProtocol.HTTP_JSON, messageMaxBytes);
  }
}
