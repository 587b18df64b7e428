package dev.meshtrace.examples.bookinfo;

import java.net.URI;
import org.springframework.core.env.Environment;

/** Reads and checks the base URLs of downstream services ({@code bookinfo.details-url} and the like). */
public final class DownstreamUrls {
  private DownstreamUrls() {}

  /**
   * The value of {@code property}, which must be {@code scheme://host:port} with no path. Startup fails with a
   * message naming the property otherwise.
   */
  public static String required(Environment environment, String property) {
    String value = environment.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(property + " is required: the downstream base URL, such as http://localhost:9080");
    }
    URI uri;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(property + " is not a URL: '" + value + "'", e);
    }
    boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
        && uri.getRawQuery() == null && uri.getRawFragment() == null;
    if (!http || uri.getHost() == null || uri.getPort() == -1 || !bare) {
      throw new IllegalStateException(
          property + " must be scheme://host:port with no path, such as http://localhost:9080; was '" + value + "'");
    }
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
