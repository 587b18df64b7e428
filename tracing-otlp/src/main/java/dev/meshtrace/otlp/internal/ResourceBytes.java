package dev.meshtrace.otlp.internal;

import dev.meshtrace.internal.JsonBytes;
import dev.meshtrace.internal.ProtoBytes;
import java.util.Map;

/**
 * The encoded {@code Resource} and {@code InstrumentationScope} of one service, written once and copied in front of
 * every span: the protobuf fields as {@code ResourceSpans} and {@code ScopeSpans} hold them, and the JSON text
 * before and after a span.
 */
final class ResourceBytes {
  /** {@code ResourceSpans.resource} (field 1) with the resource attributes. */
  final byte[] protoResourceField;
  /** {@code ScopeSpans.scope} (field 1) with the scope name and version. */
  final byte[] protoScopeField;
  /** From {@code {"resource":} to the opening of the {@code spans} array. */
  final byte[] jsonPrefix;

  ResourceBytes(Map<String, String> attributes, String scopeName, String scopeVersion) {
    this.protoResourceField = new ProtoResource(attributes).written();
    this.protoScopeField = new ProtoScope(scopeName, scopeVersion).written();
    this.jsonPrefix = new JsonPrefix(attributes, scopeName, scopeVersion).written();
  }

  /** Bytes of a string-valued {@code KeyValue}. */
  static int keyValueSize(String key, String value) {
    return ProtoBytes.stringFieldSize(key) + ProtoBytes.delimitedSize(ProtoBytes.stringFieldSize(value));
  }

  private static final class ProtoResource extends ProtoBytes {
    byte[] written() {
      return bytes();
    }

    ProtoResource(Map<String, String> attributes) {
      int size = 0;
      for (Map.Entry<String, String> entry : attributes.entrySet()) {
        size += delimitedSize(keyValueSize(entry.getKey(), entry.getValue()));
      }
      allocate(delimitedSize(size));
      key(1, LENGTH_DELIMITED);
      varint(size);
      for (Map.Entry<String, String> entry : attributes.entrySet()) {
        key(1, LENGTH_DELIMITED); // Resource.attributes
        varint(keyValueSize(entry.getKey(), entry.getValue()));
        stringField(1, entry.getKey());
        key(2, LENGTH_DELIMITED);
        varint(stringFieldSize(entry.getValue()));
        stringField(1, entry.getValue()); // AnyValue.string_value
      }
    }
  }

  private static final class ProtoScope extends ProtoBytes {
    byte[] written() {
      return bytes();
    }

    ProtoScope(String name, String version) {
      int size = stringFieldSize(name) + stringFieldSize(version);
      allocate(delimitedSize(size));
      key(1, LENGTH_DELIMITED);
      varint(size);
      stringField(1, name);
      stringField(2, version);
    }
  }

  private static final class JsonPrefix extends JsonBytes {
    byte[] written() {
      return bytes();
    }

    private final Map<String, String> attributes;
    private final String scopeName;
    private final String scopeVersion;

    JsonPrefix(Map<String, String> attributes, String scopeName, String scopeVersion) {
      this.attributes = attributes;
      this.scopeName = scopeName;
      this.scopeVersion = scopeVersion;
      write();
      allocate();
      write();
    }

    private void write() {
      ascii("{\"resource\":{\"attributes\":[");
      boolean first = true;
      for (Map.Entry<String, String> entry : attributes.entrySet()) {
        ascii(first ? "{\"key\":" : ",{\"key\":");
        first = false;
        string(entry.getKey());
        ascii(",\"value\":{\"stringValue\":");
        string(entry.getValue());
        ascii("}}");
      }
      ascii("]},\"scopeSpans\":[{\"scope\":{\"name\":");
      string(scopeName);
      ascii(",\"version\":");
      string(scopeVersion);
      ascii("},\"spans\":[");
    }
  }
}
