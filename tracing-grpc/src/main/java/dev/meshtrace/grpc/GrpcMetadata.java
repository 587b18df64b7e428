package dev.meshtrace.grpc;

import io.grpc.Metadata;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads and writes gRPC metadata as core's string headers. A binary entry (name ending in {@code -bin}) is
 * presented in gRPC's own text form, base64, and written back decoded, so its bytes travel unchanged.
 */
final class GrpcMetadata {
  /** The value of {@code rpc.system}. */
  static final String SYSTEM = "grpc";
  /** Keys are costly to create; the names asked for come from configuration, so a small cache holds them all. */
  private static final int MAX_CACHED_KEYS = 256;
  private static final ConcurrentMap<String, Metadata.Key<?>> KEYS = new ConcurrentHashMap<>();
  private static final Base64.Encoder TEXT_FORM = Base64.getEncoder().withoutPadding();

  private GrpcMetadata() {}

  /** The first value of entry {@code name} (base64 for a binary entry), or null. */
  static String get(Metadata metadata, String name) {
    if (isBinary(name)) {
      byte[] value = metadata.get(binaryKey(name));
      return value == null ? null : TEXT_FORM.encodeToString(value);
    }
    return metadata.get(asciiKey(name));
  }

  /** Every value of entry {@code name} joined with {@code ","}, or null. */
  static String getAll(Metadata metadata, String name) {
    Iterable<?> values = isBinary(name) ? metadata.getAll(binaryKey(name)) : metadata.getAll(asciiKey(name));
    if (values == null) return null;
    Iterator<?> it = values.iterator();
    if (!it.hasNext()) return null;
    String first = text(it.next());
    if (!it.hasNext()) return first;
    StringBuilder joined = new StringBuilder(first);
    while (it.hasNext()) joined.append(',').append(text(it.next()));
    return joined.toString();
  }

  /**
   * Sets entry {@code name} to {@code value}, replacing every value already there. A binary entry's value must be
   * base64 (padded or not).
   *
   * @throws IllegalArgumentException when the name or, for a binary entry, the value cannot be written
   */
  static void put(Metadata metadata, String name, String value) {
    if (isBinary(name)) {
      byte[] bytes = Base64.getDecoder().decode(value);
      Metadata.Key<byte[]> key = binaryKey(name);
      metadata.discardAll(key);
      metadata.put(key, bytes);
    } else {
      Metadata.Key<String> key = asciiKey(name);
      metadata.discardAll(key);
      metadata.put(key, value);
    }
  }

  /** Removes every value of entry {@code name}. */
  static void removeAll(Metadata metadata, String name) {
    if (isBinary(name)) {
      metadata.discardAll(binaryKey(name));
    } else {
      metadata.discardAll(asciiKey(name));
    }
  }

  private static String text(Object value) {
    return value instanceof byte[] ? TEXT_FORM.encodeToString((byte[]) value) : (String) value;
  }

  private static boolean isBinary(String name) {
    return name.endsWith(Metadata.BINARY_HEADER_SUFFIX);
  }

  @SuppressWarnings("unchecked")
  private static Metadata.Key<String> asciiKey(String name) {
    Metadata.Key<?> key = KEYS.get(name);
    if (key == null) key = cache(name, Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    return (Metadata.Key<String>) key;
  }

  @SuppressWarnings("unchecked")
  private static Metadata.Key<byte[]> binaryKey(String name) {
    Metadata.Key<?> key = KEYS.get(name);
    if (key == null) key = cache(name, Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER));
    return (Metadata.Key<byte[]>) key;
  }

  private static Metadata.Key<?> cache(String name, Metadata.Key<?> key) {
    if (KEYS.size() < MAX_CACHED_KEYS) KEYS.putIfAbsent(name, key);
    return key;
  }
}
