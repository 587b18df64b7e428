package dev.meshtrace.spring.webflux;

import dev.meshtrace.http.HttpServerResponse;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * How a WebFlux exchange ended. An error reaches the filter before the exception handlers set the status, so the
 * status is the one the handlers will set: a {@link ResponseStatusException}'s, else 500.
 */
final class WebFluxServerResponse extends HttpServerResponse {
  private final WebFluxServerRequest request;
  private final ServerWebExchange exchange;
  private final Throwable error;

  WebFluxServerResponse(WebFluxServerRequest request, ServerWebExchange exchange, Throwable error) {
    this.request = request;
    this.exchange = exchange;
    this.error = error;
  }

  @Override
  public WebFluxServerRequest request() {
    return request;
  }

  @Override
  public int statusCode() {
    if (error instanceof ResponseStatusException) return ((ResponseStatusException) error).getStatusCode().value();
    if (error != null) return 500;
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    return status == null ? 200 : status.value();
  }

  @Override
  public Throwable error() {
    return error;
  }

  /** The pattern the handler mapping matched, annotated controllers and functional routes alike. */
  @Override
  public String route() {
    Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    if (pattern == null) pattern = exchange.getAttribute(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE);
    return pattern == null ? null : pattern.toString();
  }

  @Override
  public String header(String name) {
    return exchange.getResponse().getHeaders().getFirst(name);
  }

  @Override
  public ServerWebExchange unwrap() {
    return exchange;
  }
}
