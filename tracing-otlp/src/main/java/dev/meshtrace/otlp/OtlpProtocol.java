package dev.meshtrace.otlp;

import java.util.Locale;

/** How spans travel to the collector, named as {@code OTEL_EXPORTER_OTLP_PROTOCOL} names them. */
public enum OtlpProtocol {
  /** OTLP/gRPC: {@code TraceService/Export} over HTTP/2; default port 4317. */
  GRPC("grpc", "http://localhost:4317"),
  /** OTLP/HTTP with protobuf bodies: {@code POST /v1/traces}; default port 4318. */
  HTTP_PROTOBUF("http/protobuf", "http://localhost:4318/v1/traces"),
  /** OTLP/HTTP with JSON bodies (OTLP's JSON mapping). */
  HTTP_JSON("http/json", "http://localhost:4318/v1/traces");

  private final String value;
  private final String defaultEndpoint;

  OtlpProtocol(String value, String defaultEndpoint) {
    this.value = value;
    this.defaultEndpoint = defaultEndpoint;
  }

  /** The name as in {@code OTEL_EXPORTER_OTLP_PROTOCOL}: {@code grpc}, {@code http/protobuf}, {@code http/json}. */
  public String value() {
    return value;
  }

  /** The collector on this host: the gRPC base URL, or the full OTLP/HTTP traces URL. */
  public String defaultEndpoint() {
    return defaultEndpoint;
  }

  /**
   * The protocol named {@code value} (case-insensitive).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static OtlpProtocol of(String value) {
    String name = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (OtlpProtocol protocol : values()) {
      if (protocol.value.equals(name)) return protocol;
    }
    throw new IllegalArgumentException("'" + value + "' is not an OTLP protocol: use grpc, http/protobuf or http/json");
  }
}
