package dev.meshtrace.servlet;

import dev.meshtrace.Span;
import dev.meshtrace.http.HttpServerHandler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The server span of one request, kept in a request attribute across all of the request's dispatches so that only
 * the first opens a span. Ends the span when the request ends: when the filter returns, or for an asynchronous
 * request when the container reports it complete (after a timeout or error too, since those end in completion).
 */
final class TracedRequest implements AsyncListener {
  /** The request attribute holding this object; its presence marks the request as traced. */
  static final String ATTRIBUTE = TracedRequest.class.getName();
  /** Annotation recorded when an asynchronous request times out; the status that follows decides the error. */
  static final String ASYNC_TIMEOUT = "servlet.async.timeout";

  final Span span;
  private final HttpServerHandler handler;
  private final ServletServerRequest request;
  private final HttpServletResponse response;
  private volatile Throwable error;

  TracedRequest(Span span, HttpServerHandler handler, ServletServerRequest request, HttpServletResponse response) {
    this.span = span;
    this.handler = handler;
    this.request = request;
    this.response = response;
  }

  /**
   * Remembers the first error that escaped a dispatch or was reported by the container. A {@link ServletException}
   * that only wraps the application's exception (as Spring MVC's "Request processing failed" does) is recorded as
   * that exception, so the span names what failed.
   */
  void recordError(Throwable thrown) {
    if (error != null) return;
    Throwable cause = thrown.getCause();
    error = thrown.getClass() == ServletException.class && cause != null ? cause : thrown;
  }

  /** Records the outcome and finishes the span. */
  void finish() {
    if (span.isNoop()) return;
    handler.handleSend(new ServletServerResponse(request, response, error), span);
  }

  /** Defers {@link #finish} until {@code async} completes. */
  void finishOnCompletion(AsyncContext async) {
    if (!span.isNoop()) async.addListener(this);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    finish();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    span.annotate(ASYNC_TIMEOUT);
  }

  @Override
  public void onError(AsyncEvent event) {
    if (event.getThrowable() != null) recordError(event.getThrowable());
  }

  /** A new asynchronous cycle drops the listeners of the previous one: listen to the new one too. */
  @Override
  public void onStartAsync(AsyncEvent event) {
    event.getAsyncContext().addListener(this);
  }
}
