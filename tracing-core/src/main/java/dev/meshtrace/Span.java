package dev.meshtrace;

/**
 * One timed operation. Obtained from a {@link Tracer}; unsampled and forward-mode spans are no-ops that record
 * nothing, so instrumentation calls the same methods either way. Thread-safe; {@link #finish} reports once, and
 * calls after the span finished or was abandoned change nothing.
 */
public abstract class Span {
  Span() {}

  /** The context to make current and to inject into outbound requests. */
  public abstract TraceContext context();

  /** True when nothing this span is told is recorded. */
  public abstract boolean isNoop();

  /** Sets the operation name. */
  public abstract Span name(String name);

  /** Sets the kind; a span without one is local. */
  public abstract Span kind(SpanKind kind);

  /** Sets a tag; later values replace earlier ones. */
  public abstract Span tag(String key, String value);

  /** Records an event now. */
  public abstract Span annotate(String value);

  /** Records an event at {@code timestampMicros} (epoch microseconds). */
  public abstract Span annotate(long timestampMicros, String value);

  /** Records the error that ended the operation; the {@code error} tag is derived from it unless set. */
  public abstract Span error(Throwable error);

  /** Names the service on the other side of a remote call. */
  public abstract Span remoteServiceName(String name);

  /** Sets the remote peer's address; {@code port} 0 means unknown. Returns false when {@code ip} is not an IP. */
  public abstract boolean remoteIpAndPort(String ip, int port);

  /** Starts the span now. */
  public abstract Span start();

  /** Starts the span at {@code timestampMicros} (epoch microseconds). */
  public abstract Span start(long timestampMicros);

  /** Finishes the span now and reports it. Later calls do nothing. */
  public abstract void finish();

  /** Finishes the span at {@code timestampMicros} (epoch microseconds) and reports it. */
  public abstract void finish(long timestampMicros);

  /**
   * Finishes the span {@code durationMicros} after its start, and reports it. A span never started ends now,
   * having started that long ago.
   */
  public abstract void finishWithDuration(long durationMicros);

  /** Discards the span: it is never reported. */
  public abstract void abandon();
}
