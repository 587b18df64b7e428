package dev.meshtrace.otlp.internal;

import dev.meshtrace.MutableSpan;

/** A finished span as queued for OTLP: its data and the W3C {@code tracestate} of its trace, or null. */
public record OtlpSpan(MutableSpan span, String traceState) {}
