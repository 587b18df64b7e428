package dev.meshtrace.propagation;

import java.util.Locale;

/** A trace-context header format, by the name used in configuration. */
public enum Format {
  /** The single {@code b3} header. */
  B3("b3"),
  /** The {@code X-B3-*} header group. */
  B3_MULTI("b3multi"),
  /** W3C {@code traceparent} with its {@code tracestate}. */
  W3C("w3c"),
  /**
   * OpenCensus's binary {@code grpc-trace-bin} (base64 in core's string headers), for services behind
   * OpenCensus-era proxies and clients. Not read or written unless configured; otherwise the header is forwarded
   * byte for byte like any mesh header.
   */
  GRPC_TRACE_BIN("grpc-trace-bin");

  private final String configName;

  Format(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration: {@code b3}, {@code b3multi}, {@code w3c} or {@code grpc-trace-bin}. */
  public String configName() {
    return configName;
  }

  /** This format's bit in a format mask. */
  public int bit() {
    return 1 << ordinal();
  }

  /**
   * The format that header {@code name} (lower case) belongs to: {@code b3} to {@link #B3}, the five
   * {@code x-b3-*} headers to {@link #B3_MULTI}, {@code traceparent} and {@code tracestate} to {@link #W3C},
   * {@code grpc-trace-bin} to {@link #GRPC_TRACE_BIN}; null for any other header.
   */
  public static Format ofHeader(String name) {
    switch (name) {
      case B3SingleCodec.NAME:
        return B3;
      case B3MultiCodec.TRACE_ID:
      case B3MultiCodec.SPAN_ID:
      case B3MultiCodec.PARENT_SPAN_ID:
      case B3MultiCodec.SAMPLED:
      case B3MultiCodec.FLAGS:
        return B3_MULTI;
      case W3cCodec.TRACEPARENT:
      case W3cCodec.TRACESTATE:
        return W3C;
      case GrpcTraceBinCodec.NAME:
        return GRPC_TRACE_BIN;
      default:
        return null;
    }
  }

  /**
   * Parses a configuration name, ignoring case and any {@code -} or {@code _}: {@code b3}, {@code b3multi} (also
   * {@code b3_multi}, {@code B3-Multi}), {@code w3c}, {@code grpc-trace-bin}; also OpenTelemetry's names
   * {@code tracecontext} for {@link #W3C} and {@code b3single} for {@link #B3}.
   *
   * @throws IllegalArgumentException naming the value and listing the valid ones
   */
  public static Format fromConfigName(String name) {
    String canonical = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (Format format : values()) {
      if (format.configName.replace("-", "").equals(canonical)) return format;
    }
    if (canonical.equals("tracecontext")) return W3C;
    if (canonical.equals("b3single")) return B3;
    throw new IllegalArgumentException("Unknown propagation format '" + name
        + "': expected one of b3, b3multi, w3c, grpc-trace-bin (or OpenTelemetry's names: b3single, tracecontext)");
  }
}
