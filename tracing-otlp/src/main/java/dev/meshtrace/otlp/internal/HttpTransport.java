package dev.meshtrace.otlp.internal;

import dev.meshtrace.reporting.SendFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * OTLP/HTTP: {@code POST} of the request to the traces URL, protobuf or JSON, gzip-compressed unless turned off.
 * 2xx is success (its body may report a partial success); 429, 502, 503 and 504 are retried, honouring
 * {@code Retry-After}; other statuses are final.
 */
final class HttpTransport extends OkHttpTransport {
  private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");
  private static final MediaType JSON = MediaType.get("application/json");

  private final boolean json;
  private final boolean gzip;
  private final Headers headers;

  HttpTransport(OkHttpClient client, String url, boolean json, boolean gzip, Map<String, String> headers) {
    super(client, url);
    this.json = json;
    this.gzip = gzip;
    this.headers = Headers.of(headers);
  }

  @Override
  public ExportResult export(byte[] request) {
    Request.Builder http = new Request.Builder().url(url).headers(headers);
    byte[] body = request;
    if (gzip) {
      body = Gzip.compress(request);
      http.header("Content-Encoding", "gzip");
    }
    http.post(RequestBody.create(body, json ? JSON : PROTOBUF));
    try (Response response = client.newCall(http.build()).execute()) {
      int status = response.code();
      byte[] responseBody = OkHttpTransport.body(response);
      if (status >= 200 && status < 300) {
        return json ? PartialSuccess.fromJson(responseBody) : PartialSuccess.fromProto(responseBody);
      }
      return ExportResult.failed(SendFailure.retryableStatus(status),
          retryAfterNanos(response.header(Transports.RETRY_AFTER)), "HTTP " + status + " from " + url);
    } catch (IOException e) {
      return ExportResult.failed(true, -1, e + " posting to " + url);
    }
  }

  /** {@code Retry-After} in seconds or as an HTTP date, or -1 when absent or unreadable. */
  static long retryAfterNanos(String value) {
    if (value == null || value.isBlank()) return -1;
    String text = value.trim();
    try {
      long seconds = Long.parseLong(text);
      return seconds < 0 ? -1 : TimeUnit.SECONDS.toNanos(seconds);
    } catch (NumberFormatException e) {
      try {
        Duration wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text,
            DateTimeFormatter.RFC_1123_DATE_TIME));
        return Math.max(0, wait.toNanos());
      } catch (DateTimeParseException | ArithmeticException notADate) {
        return -1;
      }
    }
  }
}
