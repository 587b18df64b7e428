package dev.meshtrace;

/** A span that records nothing; it only carries its context to the next hop. */
final class NoopSpan extends Span {
  private final TraceContext context;

  NoopSpan(TraceContext context) {
    this.context = context;
  }

  @Override
  public TraceContext context() {
    return context;
  }

  @Override
  public boolean isNoop() {
    return true;
  }

  @Override
  public Span name(String name) {
    return this;
  }

  @Override
  public Span kind(SpanKind kind) {
    return this;
  }

  @Override
  public Span tag(String key, String value) {
    return this;
  }

  @Override
  public Span annotate(String value) {
    return this;
  }

  @Override
  public Span annotate(long timestampMicros, String value) {
    return this;
  }

  @Override
  public Span error(Throwable error) {
    return this;
  }

  @Override
  public Span remoteServiceName(String name) {
    return this;
  }

  @Override
  public boolean remoteIpAndPort(String ip, int port) {
    return false;
  }

  @Override
  public Span start() {
    return this;
  }

  @Override
  public Span start(long timestampMicros) {
    return this;
  }

  @Override
  public void finish() {}

  @Override
  public void finish(long timestampMicros) {}

  @Override
  public void finishWithDuration(long durationMicros) {}

  @Override
  public void abandon() {}

  @Override
  public String toString() {
    return "NoopSpan(" + context + ")";
  }
}
