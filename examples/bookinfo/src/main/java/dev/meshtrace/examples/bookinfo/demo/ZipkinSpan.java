package dev.meshtrace.examples.bookinfo.demo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/** A span as Zipkin's v2 API returns it: the fields the demo and its tests read. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ZipkinSpan(String traceId, String id, String parentId, String kind, String name, long timestamp,
    long duration, Endpoint localEndpoint, Endpoint remoteEndpoint, Map<String, String> tags) {

  /** A local or remote endpoint. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Endpoint(String serviceName, String ipv4, String ipv6, int port) {}

  public ZipkinSpan {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The service that recorded the span, or null. */
  public String serviceName() {
    return localEndpoint == null ? null : localEndpoint.serviceName();
  }

  /** The value of tag {@code key}, or null. */
  public String tag(String key) {
    return tags.get(key);
  }

  public boolean isServer() {
    return "SERVER".equals(kind);
  }

  public boolean isClient() {
    return "CLIENT".equals(kind);
  }
}
