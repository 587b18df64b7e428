package dev.meshtrace.servlet;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.MeshHeaders;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracer;
import dev.meshtrace.http.HttpServerHandler;
import dev.meshtrace.http.HttpTracing;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Opens a server span for every inbound request and makes its context current while the request is handled, so
 * that outbound calls made meanwhile are its children and carry its trace and mesh headers.
 *
 * <ul>
 *   <li>One span per request: only a {@code REQUEST} dispatch opens one. Forward, include, error and async
 *       dispatches of the same request make its context current again and open nothing.
 *   <li>Synchronous requests end when the filter returns; asynchronous ones ({@code startAsync()}) when the
 *       container reports them complete, including after a timeout or an error.
 *   <li>An exception from the chain is recorded as the span's error with status 500 (what the container answers)
 *       and rethrown unchanged; a plain {@code ServletException} wrapping another exception (Spring MVC's
 *       "Request processing failed") is recorded as the exception it wraps.
 *   <li>The route template, when known, names the span: set {@link #ROUTE_ATTRIBUTE} on the request, or let
 *       Spring MVC set its best matching pattern, which is read too.
 *   <li>{@code http.path} is {@link HttpServletRequest#getRequestURI()}: the path the client sent, context path
 *       included, not decoded. Path rules match it.
 * </ul>
 *
 * <p>Register it with {@link #addTo(ServletContext)}, or by hand mapped to {@code /*} for every
 * {@link DispatcherType} with async support enabled. Thread-safe; one instance serves all requests.
 */
public final class TracingFilter implements Filter {
  /** The request attribute from which the route template (such as {@code /books/{id}}) is read. */
  public static final String ROUTE_ATTRIBUTE = "dev.meshtrace.servlet.route";
  /** The name {@link #addTo(ServletContext)} registers the filter under. */
  public static final String FILTER_NAME = "meshtrace";

  static final String TRACE_RESPONSE = "traceresponse";

  private final HttpServerHandler handler;
  private final Tracer tracer;
  private final CurrentTraceContext currentTraceContext;
  private final boolean echoRequestId;
  private final boolean traceResponse;

  private TracingFilter(Builder builder) {
    this.handler = HttpServerHandler.create(builder.httpTracing);
    this.tracer = builder.httpTracing.tracing().tracer();
    this.currentTraceContext = builder.httpTracing.tracing().currentTraceContext();
    this.echoRequestId = builder.echoRequestId;
    this.traceResponse = builder.traceResponse;
  }

  /** A filter with the defaults: nothing added to responses. */
  public static TracingFilter create(HttpTracing httpTracing) {
    return newBuilder(httpTracing).build();
  }

  public static Builder newBuilder(HttpTracing httpTracing) {
    return new Builder(httpTracing);
  }

  /**
   * Registers this filter on {@code context} ahead of the application's filters, for every path and dispatch
   * type, with async support. Call it while the context initialises (from a {@code ServletContainerInitializer} or
   * a declared {@code ServletContextListener}).
   *
   * @throws IllegalStateException when a filter named {@value #FILTER_NAME} is already registered
   */
  public FilterRegistration.Dynamic addTo(ServletContext context) {
    FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, this);
    if (registration == null) {
      throw new IllegalStateException("A filter named '" + FILTER_NAME + "' is already registered");
    }
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    return registration;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    Object traced = httpRequest.getAttribute(TracedRequest.ATTRIBUTE);
    if (traced instanceof TracedRequest) {
      continueTrace((TracedRequest) traced, httpRequest, response, chain);
    } else if (httpRequest.getDispatcherType() == DispatcherType.REQUEST) {
      trace(httpRequest, (HttpServletResponse) response, chain);
    } else {
      chain.doFilter(request, response);
    }
  }

  private void trace(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    ServletServerRequest adapter = new ServletServerRequest(request);
    Span span = handler.handleReceive(adapter);
    TracedRequest traced = new TracedRequest(span, handler, adapter, response);
    request.setAttribute(TracedRequest.ATTRIBUTE, traced);
    addResponseHeaders(span, response);
    try (Scope scope = tracer.withSpanInScope(span)) {
      chain.doFilter(request, response);
    } catch (Throwable error) { // rethrown as it came: IOException, ServletException or unchecked
      traced.recordError(error);
      throw error;
    } finally {
      if (request.isAsyncStarted()) {
        traced.finishOnCompletion(request.getAsyncContext());
      } else {
        traced.finish();
      }
    }
  }

  /**
   * A later dispatch of a traced request. Forward and include dispatches run inside the first one, which sees
   * what they throw; async and error dispatches are called by the container, so their errors are recorded here.
   */
  private void continueTrace(TracedRequest traced, HttpServletRequest request, ServletResponse response,
      FilterChain chain) throws IOException, ServletException {
    try (Scope scope = currentTraceContext.maybeScope(traced.span.context())) {
      chain.doFilter(request, response);
    } catch (Throwable error) {
      DispatcherType type = request.getDispatcherType();
      if (type == DispatcherType.ASYNC || type == DispatcherType.ERROR) traced.recordError(error);
      throw error;
    }
  }

  private void addResponseHeaders(Span span, HttpServletResponse response) {
    TraceContext context = span.context();
    if (echoRequestId) {
      String requestId = context.requestId();
      if (requestId != null) response.setHeader(MeshHeaders.REQUEST_ID, requestId);
    }
    if (traceResponse && !span.isNoop()) response.setHeader(TRACE_RESPONSE, traceResponse(context));
  }

  /** W3C {@code traceresponse}: version 00, the trace ID (32 hex characters), this server span, sampled. */
  static String traceResponse(TraceContext context) {
    String traceId = context.traceIdString();
    if (traceId.length() == 16) traceId = "0000000000000000" + traceId;
    return "00-" + traceId + '-' + context.spanIdString() + "-01";
  }

  /** Configures a {@link TracingFilter}. */
  public static final class Builder {
    private final HttpTracing httpTracing;
    private boolean echoRequestId;
    private boolean traceResponse;

    Builder(HttpTracing httpTracing) {
      this.httpTracing = Objects.requireNonNull(httpTracing, "httpTracing");
    }

    /**
     * Sets the request's {@code x-request-id} (received or generated) on the response, so callers and users can
     * quote it. The application may still set its own. Default false.
     */
    public Builder echoRequestId(boolean echo) {
      this.echoRequestId = echo;
      return this;
    }

    /**
     * Sets W3C {@code traceresponse} on responses to recorded requests, naming the trace and this server span, so
     * a caller can find the trace without tracing itself. Default false: it tells outsiders trace IDs.
     */
    public Builder traceResponse(boolean traceResponse) {
      this.traceResponse = traceResponse;
      return this;
    }

    public TracingFilter build() {
      return new TracingFilter(this);
    }
  }
}
