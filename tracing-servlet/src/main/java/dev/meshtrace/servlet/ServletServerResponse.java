package dev.meshtrace.servlet;

import dev.meshtrace.http.HttpServerResponse;
import jakarta.servlet.http.HttpServletResponse;

/** The outcome of a servlet request as the server handler reads it: the response and any error that ended it. */
final class ServletServerResponse extends HttpServerResponse {
  private final ServletServerRequest request;
  private final HttpServletResponse delegate;
  private final Throwable error;

  ServletServerResponse(ServletServerRequest request, HttpServletResponse delegate, Throwable error) {
    this.request = request;
    this.delegate = delegate;
    this.error = error;
  }

  @Override
  public ServletServerRequest request() {
    return request;
  }

  /**
   * The status sent. An exception that escaped before the response was committed is answered with 500 by the
   * container after the filter returns, so that is the status recorded then.
   */
  @Override
  public int statusCode() {
    if (error != null && !delegate.isCommitted()) return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    return delegate.getStatus();
  }

  @Override
  public Throwable error() {
    return error;
  }

  @Override
  public String route() {
    return ServletServerRequest.route(request.unwrap());
  }

  @Override
  public String header(String name) {
    return delegate.getHeader(name);
  }

  @Override
  public HttpServletResponse unwrap() {
    return delegate;
  }
}
