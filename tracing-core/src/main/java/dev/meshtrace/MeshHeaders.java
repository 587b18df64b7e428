package dev.meshtrace;

import dev.meshtrace.internal.HeaderValues;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The inbound headers that travel with a trace context to every outbound request made under it: the trace headers
 * as they arrived (each field tagged with its {@link dev.meshtrace.propagation.Format}'s bit) and the mesh headers
 * that are forwarded without being interpreted, such as {@code x-request-id} and {@code baggage}.
 *
 * <p>Immutable. Names are lower case. Values were validated on the way in: none holds a control character or
 * exceeds 8 KiB.
 */
public final class MeshHeaders {
  /** Field name of the request ID that Envoy generates and every hop forwards. */
  public static final String REQUEST_ID = "x-request-id";

  /** No headers. */
  public static final MeshHeaders EMPTY = new MeshHeaders(new String[0], new String[0], new int[0], 0, 0);

  private final String[] names;
  private final String[] values;
  private final int[] formatBits;
  private final int formatsReceived;
  private final int verbatimFormats;

  MeshHeaders(String[] names, String[] values, int[] formatBits, int formatsReceived, int verbatimFormats) {
    this.names = names;
    this.values = values;
    this.formatBits = formatBits;
    this.formatsReceived = formatsReceived;
    this.verbatimFormats = verbatimFormats;
  }

  /** A builder, used by extraction. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of fields. */
  public int size() {
    return names.length;
  }

  /** The lower-case name of field {@code i}. */
  public String name(int i) {
    return names[i];
  }

  /** The value of field {@code i}, exactly as received. */
  public String value(int i) {
    return values[i];
  }

  /**
   * The format bit of field {@code i} when it is a trace header ({@code X-B3-*}, {@code b3}, {@code traceparent},
   * {@code tracestate}), 0 when it is a mesh header forwarded as is.
   */
  public int formatBit(int i) {
    return formatBits[i];
  }

  /** The value of the field named {@code name} (lower case), or null. */
  public String get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) return values[i];
    }
    return null;
  }

  /** The request ID ({@code x-request-id}), or null. */
  public String requestId() {
    return get(REQUEST_ID);
  }

  /** Bits of the formats that arrived with valid content (see {@link dev.meshtrace.propagation.Format#bit()}). */
  public int formatsReceived() {
    return formatsReceived;
  }

  /**
   * Bits of the formats that named another trace than the one in use: their fields are forwarded as received
   * instead of being re-encoded.
   */
  public int verbatimFormats() {
    return verbatimFormats;
  }

  /** Calls {@code action} with each name and value in order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < names.length; i++) action.accept(names[i], values[i]);
  }

  /** A copy with {@code x-request-id} set to {@code requestId}, replacing any present. */
  public MeshHeaders withRequestId(String requestId) {
    Builder builder = new Builder();
    builder.formatsReceived = formatsReceived;
    builder.verbatimFormats = verbatimFormats;
    builder.add(REQUEST_ID, requestId, 0);
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals(REQUEST_ID)) builder.append(names[i], values[i], formatBits[i]);
    }
    return builder.build();
  }

  /** A copy without the field named {@code name}. */
  public MeshHeaders without(String name) {
    if (get(name) == null) return this;
    Builder builder = new Builder();
    builder.formatsReceived = formatsReceived;
    builder.verbatimFormats = verbatimFormats;
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals(name)) builder.append(names[i], values[i], formatBits[i]);
    }
    return builder.build();
  }

  /** A copy holding only the mesh headers: the trace headers as received are gone. */
  public MeshHeaders withoutTraceHeaders() {
    if (formatsReceived == 0) return this;
    Builder builder = new Builder();
    for (int i = 0; i < names.length; i++) {
      if (formatBits[i] == 0) builder.append(names[i], values[i], 0);
    }
    return builder.build();
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (!(o instanceof MeshHeaders)) return false;
    MeshHeaders that = (MeshHeaders) o;
    return formatsReceived == that.formatsReceived && verbatimFormats == that.verbatimFormats
        && Arrays.equals(names, that.names) && Arrays.equals(values, that.values)
        && Arrays.equals(formatBits, that.formatBits);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder result = new StringBuilder("MeshHeaders{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) result.append(", ");
      result.append(names[i]).append('=').append(values[i]);
    }
    return result.append('}').toString();
  }

  /** Collects fields in order. Not thread-safe. */
  public static final class Builder {
    private String[] names = new String[4];
    private String[] values = new String[4];
    private int[] formatBits = new int[4];
    private int size;
    int formatsReceived;
    int verbatimFormats;

    Builder() {}

    /**
     * Adds a field; {@code formatBit} is 0 for a mesh header.
     *
     * @throws IllegalArgumentException when {@link #tryAdd} would refuse it
     */
    public Builder add(String name, String value, int formatBit) {
      if (!tryAdd(name, value, formatBit)) {
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
    public boolean tryAdd(String name, String value, int formatBit) {
      if (name == null || name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) return false;
      if (!HeaderValues.isForwardable(value)) return false;
      append(name, value, formatBit);
      return true;
    }

    /** Adds a field already known to be valid. */
    Builder append(String name, String value, int formatBit) {
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
        formatBits = Arrays.copyOf(formatBits, size * 2);
      }
      names[size] = name;
      values[size] = value;
      formatBits[size] = formatBit;
      size++;
      return this;
    }

    /** The number of fields added so far. */
    public int size() {
      return size;
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
      if (size == 0 && formatsReceived == 0) return EMPTY;
      return new MeshHeaders(
          Arrays.copyOf(names, size), Arrays.copyOf(values, size), Arrays.copyOf(formatBits, size),
          formatsReceived, verbatimFormats);
    }
  }
}
