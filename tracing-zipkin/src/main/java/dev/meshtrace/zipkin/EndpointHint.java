package dev.meshtrace.zipkin;

import java.io.FileNotFoundException;
import java.net.HttpRetryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what a send failure means when the endpoint is the wrong URL rather than a backend out of reach: a redirect,
 * 404 or 405 answer (Zipkin's UI at {@code /zipkin}, a typo in the path) gets the URL where Zipkin takes spans.
 */
final class EndpointHint {
  /** How the senders word an HTTP status: "Server returned HTTP response code: 405 for URL: ...". */
  private static final Pattern STATUS = Pattern.compile("response code: (\\d{3})\\b");

  private EndpointHint() {}

  /**
   * A sentence to add to the failure's warning, or an empty string when the status does not point at the URL or
   * {@code backend} is not an HTTP URL (a sender of the application's own).
   */
  static String forFailure(String backend, Throwable failure) {
    int status = status(failure);
    boolean wrongUrl = (status >= 300 && status < 400) || status == 404 || status == 405;
    String spansUrl = wrongUrl ? spansUrl(backend) : null;
    if (spansUrl == null) return "";
    return " The endpoint answered HTTP " + status + ": it is probably not a Zipkin spans API; Zipkin takes spans at "
        + spansUrl + ".";
  }

  /** The HTTP status the failure reports, or -1 when it reports none. */
  static int status(Throwable failure) {
    if (failure instanceof HttpRetryException retry) return retry.responseCode();
    if (failure instanceof FileNotFoundException) return 404; // how HttpURLConnection reports 404 and 410
    if (failure == null || failure.getMessage() == null) return -1;
    Matcher matcher = STATUS.matcher(failure.getMessage());
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  /** The same scheme, host and port with Zipkin's spans path; null when {@code backend} is no HTTP URL. */
  private static String spansUrl(String backend) {
    try {
      URI uri = new URI(backend);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) return null;
      return uri.getScheme() + "://" + uri.getRawAuthority() + ZipkinSpanHandler.SPANS_PATH;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
