package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.http.HttpServerRequest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An inbound request for exercising the configured HTTP layer without a server. */
final class FakeServerRequest extends HttpServerRequest {
  private final String path;
  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  FakeServerRequest(String path, String... namesAndValues) {
    this.path = path;
    for (int i = 0; i < namesAndValues.length; i += 2) headers.put(namesAndValues[i], namesAndValues[i + 1]);
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public Object unwrap() {
    return this;
  }
}
