package dev.meshtrace.otlp.internal;

import dev.meshtrace.MutableSpan;

/**
 * A finished span as queued for OTLP: its data and the W3C {@code tracestate} of its trace, or null. While the
 * reporter gathers it into a message it also holds the span's bytes ({@link OtlpEncoder}).
 */
public final class OtlpSpan {
  private final MutableSpan span;
  private final String traceState;
  /** Encoded when the reporter asked for the size, until it asks for the bytes; touched by its thread only. */
  byte[] encoded;

  public OtlpSpan(MutableSpan span, String traceState) {
    this.span = span;
    this.traceState = traceState;
  }

  public MutableSpan span() {
    return span;
  }

  public String traceState() {
    return traceState;
  }
}
