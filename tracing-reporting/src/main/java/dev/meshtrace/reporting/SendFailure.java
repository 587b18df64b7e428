package dev.meshtrace.reporting;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed send that says whether retrying may help and how long the backend asked to wait. Senders that know the
 * protocol's rules (OTLP) throw it; other failures are judged by {@link #of(Throwable)}.
 */
public final class SendFailure extends IOException {
  private static final long serialVersionUID = 1L;
  /** How {@code HttpURLConnection}, and so zipkin-reporter's default sender, reports an error status. */
  private static final Pattern URL_CONNECTION_STATUS = Pattern.compile("HTTP response code: (\\d{3})");

  private final boolean retryable;
  private final long retryAfterNanos;

  /**
   * @param retryAfterNanos how long the backend asked to wait (such as {@code Retry-After}), or -1
   */
  public SendFailure(String message, boolean retryable, long retryAfterNanos) {
    super(message);
    this.retryable = retryable;
    this.retryAfterNanos = retryAfterNanos;
  }

  public boolean retryable() {
    return retryable;
  }

  /** How long the backend asked to wait before retrying, or -1 when it did not say. */
  public long retryAfterNanos() {
    return retryAfterNanos;
  }

  /** True for the HTTP statuses the OTLP specification says to retry: 429, 502, 503 and 504. */
  public static boolean retryableStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * {@code error} as a send failure: itself when it is one; a connection failure (refused, reset, broken, no route,
   * a host name that did not resolve) or a timeout is retryable, and so is an {@code HttpURLConnection} error status
   * that {@link #retryableStatus} allows; anything else is not.
   */
  public static SendFailure of(Throwable error) {
    if (error instanceof SendFailure) return (SendFailure) error;
    boolean retryable = error instanceof SocketException || error instanceof UnknownHostException
        || error instanceof SocketTimeoutException || error instanceof HttpTimeoutException;
    if (!retryable && error instanceof IOException && error.getMessage() != null) {
      Matcher status = URL_CONNECTION_STATUS.matcher(error.getMessage());
      retryable = status.find() && retryableStatus(Integer.parseInt(status.group(1)));
    }
    SendFailure result = new SendFailure(String.valueOf(error), retryable, -1);
    result.initCause(error);
    return result;
  }
}
