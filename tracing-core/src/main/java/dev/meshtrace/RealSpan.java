package dev.meshtrace;

import dev.meshtrace.internal.IpLiterals;

/** A sampled span: a view that records into its context's pending state. */
final class RealSpan extends Span {
  private final TraceContext context;
  private final PendingSpan pending;
  private final SpanRecorder recorder;

  RealSpan(TraceContext context, SpanRecorder recorder) {
    this.context = context;
    this.pending = context.pending;
    this.recorder = recorder;
  }

  @Override
  public TraceContext context() {
    return context;
  }

  @Override
  public boolean isNoop() {
    return false;
  }

  @Override
  public Span name(String name) {
    synchronized (pending) {
      pending.data.name(name);
    }
    return this;
  }

  @Override
  public Span kind(SpanKind kind) {
    synchronized (pending) {
      pending.data.kind(kind);
    }
    return this;
  }

  @Override
  public Span tag(String key, String value) {
    if (key == null || value == null) return this;
    if (value.length() > recorder.maxTagValueLength) value = value.substring(0, recorder.maxTagValueLength);
    synchronized (pending) {
      MutableSpan data = pending.data;
      if (data.tagCount() < recorder.maxTags || data.tag(key) != null) data.tag(key, value);
    }
    return this;
  }

  @Override
  public Span annotate(String value) {
    return annotate(pending.clock.nowMicros(), value);
  }

  @Override
  public Span annotate(long timestampMicros, String value) {
    if (value == null) return this;
    synchronized (pending) {
      pending.data.annotate(timestampMicros, value);
    }
    return this;
  }

  @Override
  public Span error(Throwable error) {
    synchronized (pending) {
      pending.data.error(error);
    }
    return this;
  }

  @Override
  public Span remoteServiceName(String name) {
    synchronized (pending) {
      pending.data.remoteServiceName(name);
    }
    return this;
  }

  @Override
  public boolean remoteIpAndPort(String ip, int port) {
    if (!IpLiterals.isIpLiteral(ip)) return false;
    synchronized (pending) {
      pending.data.remoteIpAndPort(ip, port < 0 || port > 0xffff ? 0 : port);
    }
    return true;
  }

  @Override
  public Span start() {
    return start(pending.clock.nowMicros());
  }

  @Override
  public Span start(long timestampMicros) {
    synchronized (pending) {
      pending.data.startTimestamp(timestampMicros);
    }
    return this;
  }

  @Override
  public void finish() {
    finish(pending.clock.nowMicros());
  }

  @Override
  public void finish(long timestampMicros) {
    if (!pending.markDone()) return;
    MutableSpan data = pending.data;
    synchronized (pending) {
      if (data.startTimestamp() == 0) data.startTimestamp(timestampMicros);
      data.finishTimestamp(timestampMicros);
      Throwable error = data.error();
      if (error != null && data.tag("error") == null) data.tag("error", errorDescription(error));
    }
    recorder.report(context, data);
  }

  @Override
  public void finishWithDuration(long durationMicros) {
    long start;
    synchronized (pending) {
      start = pending.data.startTimestamp();
    }
    finish(start == 0 ? pending.clock.nowMicros() : start + Math.max(0, durationMicros));
  }

  @Override
  public void abandon() {
    pending.markDone();
  }

  private static String errorDescription(Throwable error) {
    String message = error.getMessage();
    return message != null && !message.isEmpty() ? message : error.getClass().getSimpleName();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RealSpan && ((RealSpan) o).pending == pending;
  }

  @Override
  public int hashCode() {
    return pending.hashCode();
  }

  @Override
  public String toString() {
    return "RealSpan(" + context + ")";
  }
}
