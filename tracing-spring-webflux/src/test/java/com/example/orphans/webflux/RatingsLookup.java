package com.example.orphans.webflux;

import java.net.URI;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Application code that blocks on a {@code WebClient} call from inside a reactive handler: {@code block()} starts a
 * subscription of its own, outside the request's reactive chain, so the call does not see the request's Reactor
 * Context. Outside {@code dev.meshtrace}, as an application is.
 */
public final class RatingsLookup {
  private RatingsLookup() {}

  public static int blockingLookup(WebClient client, URI uri) {
    return client.get().uri(uri).retrieve().toBodilessEntity().block(Duration.ofSeconds(10)).getStatusCode().value();
  }
}
