package dev.meshtrace;

import dev.meshtrace.internal.HeaderValues;
import dev.meshtrace.propagation.Format;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The inbound headers that travel with a trace context to every outbound request made under it: the trace headers
 * as they arrived (a field named like a trace header belongs to that {@link Format}) and the mesh headers that are
 * forwarded without being interpreted, such as {@code x-request-id} and {@code baggage}.
 *
 * <p>Immutable. Names are lower case. Values were validated on the way in: none holds a control character or
 * exceeds 8 KiB.
 */
public final class MeshHeaders {
  /** Field name of the request ID that Envoy generates and every hop forwards. */
  public static final String REQUEST_ID = "x-request-id";

  /** No headers. */
  public static final MeshHeaders EMPTY = new MeshHeaders(new String[0], 0, 0, 0);

  /** Names at even indexes, each followed by its value: one array per context rather than two or three. */
  private final String[] fields;
  /** How many fields, the first ones, are trace headers. */
  private final int traceFields;
  /** The bits of {@link #formatsReceived()} in the low byte, of {@link #verbatimFormats()} in the next. */
  private final int formats;

  /** The first {@code traceFields} of {@code fields} must be the trace headers, and no other. */
  MeshHeaders(String[] fields, int traceFields, int formatsReceived, int verbatimFormats) {
    this.fields = fields;
    this.traceFields = traceFields;
    this.formats = formatsReceived | verbatimFormats << 8;
  }

  /** A builder, for code that assembles headers itself (extraction has its own path). */
  public static Builder builder() {
    return new Builder(4);
  }

  /** The number of fields. */
  public int size() {
    return fields.length >> 1;
  }

  /** The lower-case name of field {@code i}. */
  public String name(int i) {
    return fields[i << 1];
  }

  /** The value of field {@code i}, exactly as received. */
  public String value(int i) {
    return fields[(i << 1) + 1];
  }

  /**
   * The format bit of field {@code i} when it is a trace header ({@code X-B3-*}, {@code b3}, {@code traceparent},
   * {@code tracestate}, {@code grpc-trace-bin} when read as a format), 0 when it is a mesh header forwarded as is.
   */
  public int formatBit(int i) {
    if (i >= traceFields) return 0;
    return Format.ofHeader(name(i)).bit();
  }

  /** How many fields are trace headers: they come first, the mesh headers after them. */
  public int traceFields() {
    return traceFields;
  }

  /** The value of the field named {@code name} (lower case), or null. */
  public String get(String name) {
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i].equals(name)) return fields[i + 1];
    }
    return null;
  }

  /** The request ID ({@code x-request-id}), or null. */
  public String requestId() {
    return get(REQUEST_ID);
  }

  /** Bits of the formats that arrived with valid content (see {@link Format#bit()}). */
  public int formatsReceived() {
    return formats & 0xff;
  }

  /**
   * Bits of the formats that named another trace than the one in use: their fields are forwarded as received
   * instead of being re-encoded.
   */
  public int verbatimFormats() {
    return formats >>> 8;
  }

  /** Calls {@code action} with each name and value in order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < fields.length; i += 2) action.accept(fields[i], fields[i + 1]);
  }

  /** A copy with {@code x-request-id} set to {@code requestId}, replacing any present, first of the mesh headers. */
  public MeshHeaders withRequestId(String requestId) {
    Builder builder = new Builder(size() + 1);
    builder.formatsReceived = formatsReceived();
    builder.verbatimFormats = verbatimFormats();
    builder.add(REQUEST_ID, requestId);
    for (int i = 0; i < fields.length; i += 2) {
      if (!fields[i].equals(REQUEST_ID)) builder.append(fields[i], fields[i + 1]);
    }
    return builder.build();
  }

  /** A copy without the field named {@code name}. */
  public MeshHeaders without(String name) {
    if (get(name) == null) return this;
    Builder builder = new Builder(size() - 1);
    builder.formatsReceived = formatsReceived();
    builder.verbatimFormats = verbatimFormats();
    for (int i = 0; i < fields.length; i += 2) {
      if (!fields[i].equals(name)) builder.append(fields[i], fields[i + 1]);
    }
    return builder.build();
  }

  /** A copy holding only the mesh headers: the trace headers as received are gone. */
  public MeshHeaders withoutTraceHeaders() {
    if (formats == 0 && traceFields == 0) return this;
    String[] meshFields = Arrays.copyOfRange(fields, traceFields << 1, fields.length);
    return meshFields.length == 0 ? EMPTY : new MeshHeaders(meshFields, 0, 0, 0);
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (!(o instanceof MeshHeaders)) return false;
    MeshHeaders that = (MeshHeaders) o;
    return formats == that.formats && Arrays.equals(fields, that.fields);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fields);
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("MeshHeaders{");
    for (int i = 0; i < fields.length; i += 2) {
      if (i > 0) result.append(", ");
      result.append(fields[i]).append('=').append(fields[i + 1]);
    }
    return result.append('}').toString();
  }

  /**
   * Collects fields in order. A field named like a trace header ({@link Format#ofHeader}) is a trace field of that
   * format ({@code grpc-trace-bin} only when its format is marked received), any other a mesh header forwarded as
   * is; the trace fields are moved before the mesh headers, each kind
   * keeping its order. Not thread-safe.
   */
  public static final class Builder {
    private String[] fields;
    private int length;
    /** True once {@link #build} handed {@link #fields} out: the next field goes to a copy. */
    private boolean shared;
    int formatsReceived;
    int verbatimFormats;

    Builder(int expectedFields) {
      fields = new String[expectedFields << 1];
    }

    /**
     * Adds a field.
     *
     * @throws IllegalArgumentException when {@link #tryAdd} would refuse it
     */
    public Builder add(String name, String value) {
      if (!tryAdd(name, value)) {
        throw new IllegalArgumentException("Header '" + name + "' cannot be forwarded: its name must be lower case, "
            + "its value free of control characters and at most " + HeaderValues.MAX_LENGTH + " characters");
      }
      return this;
    }

    /**
     * Adds a field when it is safe to forward, and says whether it was: the name lower case, the value without
     * control characters (0x00-0x1F other than tab, or 0x7F) and at most 8 KiB, so it can never corrupt an
     * outbound header.
     */
    public boolean tryAdd(String name, String value) {
      if (name == null || name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) return false;
      if (!HeaderValues.isForwardable(value)) return false;
      append(name, value);
      return true;
    }

    private void append(String name, String value) {
      if (length == fields.length || shared) {
        fields = Arrays.copyOf(fields, length == fields.length ? Math.max(length << 1, 8) : fields.length);
        shared = false;
      }
      fields[length++] = name;
      fields[length++] = value;
    }

    /** The number of fields added so far. */
    public int size() {
      return length >> 1;
    }

    /** Marks formats as received with valid content. */
    public Builder formatsReceived(int bits) {
      formatsReceived = bits;
      return this;
    }

    /** Marks formats to be forwarded as received rather than re-encoded. */
    public Builder verbatimFormats(int bits) {
      verbatimFormats = bits;
      return this;
    }

    /** The headers, or {@link #EMPTY} when nothing was added. */
    public MeshHeaders build() {
      if (length == 0 && formatsReceived == 0) return EMPTY;
      int traceFields = 0;
      boolean inOrder = true;
      int formats = formatsReceived | verbatimFormats;
      for (int i = 0; i < length; i += 2) {
        if (!isTraceField(fields[i], formats)) continue;
        inOrder &= traceFields == i >> 1;
        traceFields++;
      }
      String[] result;
      if (!inOrder) {
        result = new String[length];
        int nextTrace = 0;
        int nextMesh = traceFields << 1;
        for (int i = 0; i < length; i += 2) {
          boolean trace = isTraceField(fields[i], formats);
          int at = trace ? nextTrace : nextMesh;
          result[at] = fields[i];
          result[at + 1] = fields[i + 1];
          if (trace) nextTrace += 2; else nextMesh += 2;
        }
      } else {
        result = length == fields.length ? fields : Arrays.copyOf(fields, length);
        shared = result == fields;
      }
      return new MeshHeaders(result, traceFields, formatsReceived, verbatimFormats);
    }

    /**
     * Whether field {@code name} is a trace header. {@code grpc-trace-bin} is one only when its format arrived
     * (is among {@code formats}); otherwise it is a mesh header forwarded as is, as Istio lists it.
     */
    private static boolean isTraceField(String name, int formats) {
      Format format = Format.ofHeader(name);
      return format != null && (format != Format.GRPC_TRACE_BIN || (formats & format.bit()) != 0);
    }
  }
}
