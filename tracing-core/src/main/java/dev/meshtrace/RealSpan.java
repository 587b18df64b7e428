package dev.meshtrace;

import dev.meshtrace.internal.IpLiterals;

/**
 * A sampled span: a view that records into its context's pending state. Once the span is finished or abandoned,
 * further calls change nothing, so handlers and exporters read data nobody writes any more.
 */
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
    if (pending.confined) {
      pending.data.name(name);
      return this;
    }
    synchronized (pending) {
      if (!pending.isDone()) pending.data.name(name);
    }
    return this;
  }

  @Override
  public Span kind(SpanKind kind) {
    if (pending.confined) {
      pending.data.kind(kind);
      return this;
    }
    synchronized (pending) {
      if (!pending.isDone()) pending.data.kind(kind);
    }
    return this;
  }

  @Override
  public Span tag(String key, String value) {
    if (key == null || value == null) return this;
    if (value.length() > recorder.maxTagValueLength) value = value.substring(0, recorder.maxTagValueLength);
    if (pending.confined) {
      addTag(key, value);
      return this;
    }
    synchronized (pending) {
      if (!pending.isDone()) addTag(key, value);
    }
    return this;
  }

  /** Sets the tag unless the span has its most tags already and this is a new key. */
  private void addTag(String key, String value) {
    MutableSpan data = pending.data;
    if (data.tagCount() < recorder.maxTags || data.tag(key) != null) data.tag(key, value);
  }

  @Override
  public Span annotate(String value) {
    return annotate(pending.clock.nowMicros(), value);
  }

  @Override
  public Span annotate(long timestampMicros, String value) {
    if (value == null) return this;
    synchronized (pending) {
      if (!pending.isDone()) pending.data.annotate(timestampMicros, value);
    }
    return this;
  }

  @Override
  public Span error(Throwable error) {
    synchronized (pending) {
      if (!pending.isDone()) pending.data.error(error);
    }
    return this;
  }

  @Override
  public Span remoteServiceName(String name) {
    if (pending.confined) {
      pending.data.remoteServiceName(name);
      return this;
    }
    synchronized (pending) {
      if (!pending.isDone()) pending.data.remoteServiceName(name);
    }
    return this;
  }

  @Override
  public boolean remoteIpAndPort(String ip, int port) {
    if (!IpLiterals.isIpLiteral(ip)) return false;
    int knownPort = port < 0 || port > 0xffff ? 0 : port;
    if (pending.confined) {
      pending.data.remoteIpAndPort(ip, knownPort);
      return true;
    }
    synchronized (pending) {
      if (!pending.isDone()) pending.data.remoteIpAndPort(ip, knownPort);
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
      if (!pending.isDone()) pending.data.startTimestamp(timestampMicros);
    }
    return this;
  }

  @Override
  public void finish() {
    end(0, pending.clock.nowMicros());
  }

  @Override
  public void finish(long timestampMicros) {
    end(0, timestampMicros);
  }

  /** From the start when started; otherwise the span ends now and began {@code durationMicros} earlier. */
  @Override
  public void finishWithDuration(long durationMicros) {
    long duration = Math.max(0, durationMicros);
    long start;
    synchronized (pending) {
      start = pending.data.startTimestamp();
    }
    if (start != 0) {
      end(0, start + duration);
    } else {
      long now = pending.clock.nowMicros();
      end(now - duration, now);
    }
  }

  /** Reports the span, once; {@code startIfUnstarted} (0: the finish time) stands in for a missing start. */
  private void end(long startIfUnstarted, long finishMicros) {
    if (!pending.markDone()) return;
    MutableSpan data = pending.data;
    synchronized (pending) {
      if (data.startTimestamp() == 0) data.startTimestamp(startIfUnstarted != 0 ? startIfUnstarted : finishMicros);
      data.finishTimestamp(finishMicros);
      Throwable error = data.error();
      if (error != null && data.tag("error") == null) data.tag("error", errorDescription(error));
    }
    recorder.report(context, data);
  }

  @Override
  public void abandon() {
    pending.markDone();
  }

  private static String errorDescription(Throwable error) {
    String message = error.getMessage();
    if (message != null && !message.isEmpty()) return message;
    String simpleName = error.getClass().getSimpleName();
    return simpleName.isEmpty() ? error.getClass().getName() : simpleName;
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
