package dev.meshtrace.spring.web;

import dev.meshtrace.Span;
import dev.meshtrace.http.HttpClientHandler;
import dev.meshtrace.http.HttpTracing;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A client span per exchange of a {@code RestTemplate} or {@code RestClient}, child of the current context, with
 * the trace and mesh headers written onto the request (replacing any the application set). Records the status, and
 * the error when the exchange fails, connection failures included. Works with Spring Framework 6.2 and 7.
 *
 * <pre>{@code
 * ClientHttpRequestInterceptor tracing = TracingClientHttpRequestInterceptor.create(httpTracing);
 * RestClient restClient = RestClient.builder().requestInterceptor(tracing).build();
 * restTemplate.getInterceptors().add(tracing);
 * }</pre>
 *
 * Add it after the application's own interceptors, so that each exchange that reaches the wire gets its own span
 * and the headers the request finally leaves with. On Spring Framework 7 that includes each attempt of a retrying
 * interceptor; 6.2 skips every interceptor after one that calls {@code execution.execute} a second time, so later
 * attempts go out with the first one's headers and have no span of their own.
 */
public final class TracingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {
  private final HttpClientHandler handler;
  private final LongAdder refusedHeaders = new LongAdder();

  private TracingClientHttpRequestInterceptor(HttpClientHandler handler) {
    this.handler = handler;
  }

  /** An interceptor with {@code httpTracing}'s settings; one instance can serve every client. */
  public static TracingClientHttpRequestInterceptor create(HttpTracing httpTracing) {
    return new TracingClientHttpRequestInterceptor(
        HttpClientHandler.create(Objects.requireNonNull(httpTracing, "httpTracing")));
  }

  /**
   * How many forwarded headers were left out so far because their values hold bytes beyond ASCII, which the
   * request factory below may alter (each request went out without it).
   */
  public long refusedHeaders() {
    return refusedHeaders.sum();
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    SpringClientRequest adapter = new SpringClientRequest(request, refusedHeaders);
    Span span = handler.handleSend(adapter);
    ClientHttpResponse response = null;
    Throwable error = null;
    try {
      response = execution.execute(request, body);
      return response;
    } catch (IOException | RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      if (!span.isNoop()) handler.handleReceive(new SpringClientResponse(adapter, response, error), span);
    }
  }

  @Override
  public String toString() {
    return "TracingClientHttpRequestInterceptor";
  }
}
