package dev.meshtrace.jdk.httpclient;

import dev.meshtrace.http.HttpClientRequest;
import java.net.http.HttpRequest;

/**
 * A JDK {@link HttpRequest} as the client handler sees it. Requests are immutable, so the headers written are kept
 * as edits and sent in the request {@link #build} makes. A header the JDK refuses (a restricted name such as
 * {@code upgrade}, a name that is not a token, a value with control characters) is left out and counted: the
 * request still goes out. So is a value with any byte beyond ASCII: the JDK would write it as US-ASCII, each such
 * byte becoming {@code ?} on the wire.
 */
final class JdkClientRequest extends HttpClientRequest {
  private final HttpRequest request;
  private final JdkHeaderRules rules;
  private HeaderEdits edits;

  JdkClientRequest(HttpRequest request, JdkHeaderRules rules) {
    this.request = request;
    this.rules = rules;
  }

  @Override
  public String method() {
    return request.method();
  }

  @Override
  public String path() {
    return request.uri().getRawPath();
  }

  @Override
  public String query() {
    return request.uri().getRawQuery();
  }

  @Override
  public String url() {
    return request.uri().toString();
  }

  @Override
  public String header(String name) {
    return request.headers().firstValue(name).orElse(null);
  }

  /** Replaces every field named {@code name}, whatever its case (the JDK's header names are case-insensitive). */
  @Override
  public void header(String name, String value) {
    if (rules.allows(name, value)) edits().setField(name, value);
  }

  /** Removes every field named {@code name}, whatever its case. */
  @Override
  public void removeHeader(String name) {
    if (edits == null ? request.headers().map().containsKey(name) : edits.hasField(name)) edits().removeField(name);
  }

  private HeaderEdits edits() {
    if (edits == null) edits = new HeaderEdits(request.headers().map());
    return edits;
  }

  /** The request to send: the original, with the headers written so far. */
  HttpRequest build() {
    if (edits == null) return request;
    return EditedHttpRequest.CAN_STAND_IN ? new EditedHttpRequest(request, edits) : edits.rebuild(request);
  }

  @Override
  public HttpRequest unwrap() {
    return request;
  }
}
