package dev.meshtrace.http;

/** Names of the tags the HTTP handlers write. */
public final class HttpTags {
  public static final String METHOD = "http.method";
  public static final String PATH = "http.path";
  public static final String ROUTE = "http.route";
  /** The absolute URL of a client call (see {@link HttpClientRequest#url()}). */
  public static final String URL = "http.url";
  /** The {@code Host} a served request was addressed to, port included when given. */
  public static final String HOST = "http.host";
  /** The scheme of a served request: {@code http} or {@code https}. */
  public static final String SCHEME = "http.scheme";
  public static final String STATUS_CODE = "http.status_code";
  public static final String ERROR = "error";
  /** The request ID tag Envoy puts on its own spans, so the application's spans are found by the same ID. */
  public static final String REQUEST_ID = "guid:x-request-id";
  /** Prefix of request header tags, followed by the lower-case header name. */
  public static final String REQUEST_HEADER_PREFIX = "http.request.header.";
  /** Prefix of response header tags, followed by the lower-case header name. */
  public static final String RESPONSE_HEADER_PREFIX = "http.response.header.";

  private HttpTags() {}
}
