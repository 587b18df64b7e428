package dev.meshtrace.otlp.internal;

import dev.meshtrace.reporting.SendFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Okio;

/**
 * OTLP/gRPC: one unary call of {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} over OkHttp's
 * HTTP/2 (prior knowledge for {@code http://}, ALPN for {@code https://}), with gRPC's length-prefixed message,
 * gzip message compression unless turned off, and the status read from the trailers. Retryable are the codes the
 * OTLP spec lists; RESOURCE_EXHAUSTED only with retry info in the status details.
 */
final class GrpcTransport extends OkHttpTransport {
  static final String EXPORT_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static final MediaType GRPC = MediaType.get("application/grpc");
  private static final int OK = 0;
  private static final int RESOURCE_EXHAUSTED = 8;

  private final boolean gzip;
  private final Headers headers;

  GrpcTransport(OkHttpClient client, String endpoint, boolean gzip, Map<String, String> headers) {
    super(client, endpoint.replaceAll("/+$", "") + EXPORT_PATH);
    this.gzip = gzip;
    this.headers = Headers.of(headers);
  }

  @Override
  public ExportResult export(byte[] request) {
    byte[] message = gzip ? Gzip.compress(request) : request;
    byte[] framed = new byte[5 + message.length];
    framed[0] = (byte) (gzip ? 1 : 0);
    framed[1] = (byte) (message.length >>> 24);
    framed[2] = (byte) (message.length >>> 16);
    framed[3] = (byte) (message.length >>> 8);
    framed[4] = (byte) message.length;
    System.arraycopy(message, 0, framed, 5, message.length);
    Request.Builder call = new Request.Builder().url(url).headers(headers)
        .header("te", "trailers")
        .header("grpc-accept-encoding", "gzip")
        .post(RequestBody.create(framed, GRPC));
    if (gzip) call.header("grpc-encoding", "gzip");
    try (Response response = client.newCall(call.build()).execute()) {
      if (response.code() != 200) {
        int status = response.code();
        return ExportResult.failed(SendFailure.retryableStatus(status), -1, "HTTP " + status + " from gRPC " + url);
      }
      byte[] body = OkHttpTransport.body(response);
      if (response.body() != null) response.body().source().readAll(Okio.blackhole()); // then the trailers
      Headers trailers = response.headers().get("grpc-status") != null ? response.headers() : response.trailers();
      int code = parseStatus(trailers.get("grpc-status"));
      if (code == OK) return PartialSuccess.fromProto(unframe(body));
      String details = trailers.get("grpc-status-details-bin");
      return ExportResult.failed(retryable(code, details), -1,
          "gRPC status " + code + " " + trailers.get("grpc-message") + " from " + url);
    } catch (IOException e) {
      return ExportResult.failed(true, -1, e + " calling " + url);
    }
  }

  static boolean retryable(int code, String statusDetails) {
    switch (code) {
      case 1: // CANCELLED
      case 4: // DEADLINE_EXCEEDED
      case 10: // ABORTED
      case 11: // OUT_OF_RANGE
      case 14: // UNAVAILABLE
      case 15: // DATA_LOSS
        return true;
      case RESOURCE_EXHAUSTED:
        return hasRetryInfo(statusDetails);
      default:
        return false;
    }
  }

  /** True when the binary status details name a {@code google.rpc.RetryInfo}. */
  private static boolean hasRetryInfo(String statusDetails) {
    if (statusDetails == null) return false;
    try {
      byte[] details = Base64.getDecoder().decode(padded(statusDetails));
      return new String(details, java.nio.charset.StandardCharsets.ISO_8859_1).contains("google.rpc.RetryInfo");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String padded(String base64) {
    int rest = base64.length() % 4;
    return rest == 0 ? base64 : base64 + "=".repeat(4 - rest);
  }

  /** A missing or unreadable status is UNKNOWN (2). */
  private static int parseStatus(String value) {
    try {
      return value == null ? 2 : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 2;
    }
  }

  /** The response message of a gRPC body (decompressed), or an empty message. */
  private static byte[] unframe(byte[] body) throws IOException {
    if (body.length < 5) return new byte[0];
    int length = ((body[1] & 0xff) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
    if (length < 0 || length > body.length - 5) return new byte[0];
    if (body[0] == 0) return java.util.Arrays.copyOfRange(body, 5, 5 + length);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body, 5, length))) {
      return in.readAllBytes();
    }
  }
}
