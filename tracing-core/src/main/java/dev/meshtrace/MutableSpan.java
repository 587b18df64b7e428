package dev.meshtrace;

import dev.meshtrace.internal.Hex;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * The recorded data of one span, handed to each {@link SpanHandler} when the span finishes. Handlers may edit it
 * (redact a tag, rename) before it is reported. Timestamps are epoch microseconds. Not thread-safe: while the span
 * is in flight the tracer guards it; handlers see it after it finished.
 */
public final class MutableSpan {
  private static final String[] NO_STRINGS = new String[0];
  private static final long[] NO_LONGS = new long[0];
  /**
   * Key and value slots of the first tag array: eight tags, enough for the default tags of most handler spans (an
   * HTTP server span has seven, an RPC or a PRODUCER span six), which then allocate it once rather than grow it.
   */
  private static final int FIRST_TAG_SLOTS = 16;

  private long traceIdHigh;
  private long traceId;
  private long parentId;
  private long spanId;
  private boolean wideTraceId;
  private boolean debug;
  private boolean shared;
  private String name;
  private SpanKind kind;
  private long startTimestamp;
  private long finishTimestamp;
  private String localServiceName;
  private String localIp;
  private int localPort;
  private String remoteServiceName;
  private String remoteIp;
  private int remotePort;
  private Throwable error;
  private String[] tags = NO_STRINGS;
  private int tagCount;
  private long[] annotationTimestamps = NO_LONGS;
  private String[] annotationValues = NO_STRINGS;
  private int annotationCount;

  /** An empty span; IDs are set with {@link #ids}. */
  public MutableSpan() {}

  /** Copies the IDs and flags of {@code context}. */
  public MutableSpan ids(TraceContext context) {
    traceIdHigh = context.traceIdHigh();
    traceId = context.traceId();
    parentId = context.parentId();
    spanId = context.spanId();
    wideTraceId = context.wideTraceId();
    debug = context.debug();
    shared = context.shared();
    return this;
  }

  public long traceIdHigh() {
    return traceIdHigh;
  }

  public long traceId() {
    return traceId;
  }

  public long parentId() {
    return parentId;
  }

  public long spanId() {
    return spanId;
  }

  /** The trace ID as lower-case hex: 32 characters for a 128-bit ID, else 16. */
  public String traceIdString() {
    return Hex.traceIdToHex(traceIdHigh, traceId, wideTraceId);
  }

  /** The span ID as 16 lower-case hex characters. */
  public String spanIdString() {
    return Hex.toHex(spanId);
  }

  /** The parent ID as 16 lower-case hex characters, or null for a root span. */
  public String parentIdString() {
    return parentId == 0 ? null : Hex.toHex(parentId);
  }

  /** True when the trace was forced by the debug flag. */
  public boolean debug() {
    return debug;
  }

  /** True when the span ID was chosen by the caller (a joined server span). */
  public boolean shared() {
    return shared;
  }

  public String name() {
    return name;
  }

  public MutableSpan name(String name) {
    this.name = name;
    return this;
  }

  /** The kind, or null for a local span. */
  public SpanKind kind() {
    return kind;
  }

  public MutableSpan kind(SpanKind kind) {
    this.kind = kind;
    return this;
  }

  /** Start time in epoch microseconds; 0 when never started. */
  public long startTimestamp() {
    return startTimestamp;
  }

  public MutableSpan startTimestamp(long epochMicros) {
    this.startTimestamp = epochMicros;
    return this;
  }

  /** Finish time in epoch microseconds; 0 until finished. */
  public long finishTimestamp() {
    return finishTimestamp;
  }

  public MutableSpan finishTimestamp(long epochMicros) {
    this.finishTimestamp = epochMicros;
    return this;
  }

  /** Duration in microseconds, or 0 when start or finish is unknown. */
  public long duration() {
    return startTimestamp == 0 || finishTimestamp == 0 ? 0 : Math.max(0, finishTimestamp - startTimestamp);
  }

  public String localServiceName() {
    return localServiceName;
  }

  public MutableSpan localServiceName(String name) {
    this.localServiceName = name;
    return this;
  }

  public String localIp() {
    return localIp;
  }

  public MutableSpan localIp(String ip) {
    this.localIp = ip;
    return this;
  }

  public int localPort() {
    return localPort;
  }

  public MutableSpan localPort(int port) {
    this.localPort = port;
    return this;
  }

  public String remoteServiceName() {
    return remoteServiceName;
  }

  public MutableSpan remoteServiceName(String name) {
    this.remoteServiceName = name;
    return this;
  }

  public String remoteIp() {
    return remoteIp;
  }

  public int remotePort() {
    return remotePort;
  }

  /** Sets the remote address; {@code port} 0 means unknown. */
  public MutableSpan remoteIpAndPort(String ip, int port) {
    this.remoteIp = ip;
    this.remotePort = port;
    return this;
  }

  /** The error that ended the operation, or null. */
  public Throwable error() {
    return error;
  }

  public MutableSpan error(Throwable error) {
    this.error = error;
    return this;
  }

  public int tagCount() {
    return tagCount;
  }

  public String tagKey(int i) {
    return tags[i * 2];
  }

  public String tagValue(int i) {
    return tags[i * 2 + 1];
  }

  /** The value of tag {@code key}, or null. */
  public String tag(String key) {
    int i = indexOfTag(key);
    return i < 0 ? null : tags[i + 1];
  }

  /** Sets tag {@code key}, replacing any previous value. */
  public MutableSpan tag(String key, String value) {
    int i = indexOfTag(key);
    if (i >= 0) {
      tags[i + 1] = value;
      return this;
    }
    if (tagCount * 2 == tags.length) tags = Arrays.copyOf(tags, Math.max(FIRST_TAG_SLOTS, tags.length * 2));
    tags[tagCount * 2] = key;
    tags[tagCount * 2 + 1] = value;
    tagCount++;
    return this;
  }

  /** Removes tag {@code key}; returns its value, or null. */
  public String removeTag(String key) {
    int i = indexOfTag(key);
    if (i < 0) return null;
    String value = tags[i + 1];
    System.arraycopy(tags, i + 2, tags, i, tagCount * 2 - i - 2);
    tagCount--;
    tags[tagCount * 2] = null;
    tags[tagCount * 2 + 1] = null;
    return value;
  }

  /** Replaces the value of tag {@code i}. */
  public void tagValue(int i, String value) {
    tags[i * 2 + 1] = value;
  }

  /** Calls {@code action} with each tag in insertion order. */
  public void forEachTag(BiConsumer<String, String> action) {
    for (int i = 0; i < tagCount; i++) action.accept(tags[i * 2], tags[i * 2 + 1]);
  }

  private int indexOfTag(String key) {
    for (int i = 0; i < tagCount * 2; i += 2) {
      if (tags[i].equals(key)) return i;
    }
    return -1;
  }

  public int annotationCount() {
    return annotationCount;
  }

  public long annotationTimestamp(int i) {
    return annotationTimestamps[i];
  }

  public String annotationValue(int i) {
    return annotationValues[i];
  }

  /** Adds an event at {@code epochMicros}. */
  public MutableSpan annotate(long epochMicros, String value) {
    if (annotationCount == annotationValues.length) {
      int size = Math.max(4, annotationCount * 2);
      annotationTimestamps = Arrays.copyOf(annotationTimestamps, size);
      annotationValues = Arrays.copyOf(annotationValues, size);
    }
    annotationTimestamps[annotationCount] = epochMicros;
    annotationValues[annotationCount] = value;
    annotationCount++;
    return this;
  }

  /** Replaces all annotations with the given events (same length arrays). */
  public MutableSpan replaceAnnotations(long[] timestamps, String[] values) {
    if (timestamps.length != values.length) throw new IllegalArgumentException("arrays differ in length");
    annotationTimestamps = timestamps.clone();
    annotationValues = values.clone();
    annotationCount = values.length;
    return this;
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder();
    result.append(localServiceName).append(' ').append(kind == null ? "LOCAL" : kind).append(" '").append(name)
        .append("' ").append(traceIdString()).append('/').append(spanIdString());
    if (parentId != 0) result.append(" parent ").append(parentIdString());
    result.append(' ').append(duration()).append("us");
    if (tagCount > 0) {
      result.append(" {");
      for (int i = 0; i < tagCount; i++) {
        if (i > 0) result.append(", ");
        result.append(tags[i * 2]).append('=').append(tags[i * 2 + 1]);
      }
      result.append('}');
    }
    if (error != null) result.append(" error=").append(error);
    return result.toString();
  }
}
