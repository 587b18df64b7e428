package dev.meshtrace.internal;

import dev.meshtrace.MeshHeaders;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;

/**
 * Constructs core types directly, without their builders, for meshtrace's own packages on paths that run for every
 * request (extraction). Not for applications: the arguments are trusted, nothing is validated.
 */
public abstract class InternalFactory {
  private static volatile InternalFactory instance;

  /** The factory, installed when {@link TraceContext} is initialized. */
  public static InternalFactory get() {
    if (instance == null) TraceContext.builder(); // initializes TraceContext, which installs it
    return instance;
  }

  /**
   * Called once, by {@link TraceContext}'s initializer.
   *
   * @throws IllegalStateException when a factory is installed already
   */
  public static synchronized void install(InternalFactory factory) {
    if (instance != null) throw new IllegalStateException("InternalFactory is installed already");
    instance = factory;
  }

  /**
   * Headers over {@code fields}, names at even indexes each followed by its value, the first {@code traceFields}
   * of them the trace headers; the array is not copied.
   */
  public abstract MeshHeaders meshHeaders(String[] fields, int traceFields, int formatsReceived,
      int verbatimFormats);

  /**
   * Marks {@code span}, just made by a handler and not yet handed to anyone, as that handler's alone: its name,
   * kind, remote service and tags are then written without the span's lock, until {@link #release}. The handler
   * must release it before any other code (a customizer, its caller) can see it. Does nothing for a no-op span.
   */
  public abstract Span confine(Span span);

  /** Ends {@link #confine}: the span's writes take its lock again. Does nothing for a span not confined. */
  public abstract void release(Span span);

  /** The orphan-call detector of {@code tracing}, or null when detection is off. */
  public abstract OrphanCallDetector orphanCallDetector(Tracing tracing);

  /** A context extracted from inbound headers; the IDs are all 0 or the trace and span IDs are both set. */
  public abstract TraceContext remoteContext(long traceIdHigh, long traceId, boolean wideTraceId, long spanId,
      long parentId, Boolean sampled, boolean debug, MeshHeaders meshHeaders);
}
