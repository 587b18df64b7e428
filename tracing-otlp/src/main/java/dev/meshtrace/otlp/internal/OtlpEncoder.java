package dev.meshtrace.otlp.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.Encoding;

/**
 * Encodes queued spans for OTLP: each as a whole {@code ResourceSpans} (protobuf or JSON), so that a message is
 * their concatenation ({@link OtlpMessages}). The resource is that of the configured service name, or else of the
 * span's local service name; it is encoded once per service and reused.
 */
public final class OtlpEncoder implements BytesEncoder<OtlpSpan> {
  /** The instrumentation scope of every span meshtrace reports. */
  public static final String SCOPE_NAME = "dev.meshtrace";
  static final String UNKNOWN_SERVICE = "unknown_service:java";

  private final boolean json;
  private final String serviceName;
  private final Map<String, String> resourceAttributes;
  private final String instanceId = UUID.randomUUID().toString();
  private volatile Resource last;

  private record Resource(String serviceName, ResourceBytes bytes) {}

  /**
   * @param serviceName the {@code service.name} of every span, or null for each span's local service name
   * @param resourceAttributes further resource attributes; a {@code service.name} among them is overridden
   */
  public OtlpEncoder(boolean json, String serviceName, Map<String, String> resourceAttributes) {
    this.json = json;
    this.serviceName = serviceName;
    this.resourceAttributes = Map.copyOf(resourceAttributes);
  }

  @Override
  public Encoding encoding() {
    return json ? Encoding.JSON : Encoding.PROTO3;
  }

  /**
   * Encodes the span and keeps its bytes for {@link #encode}: the reporter asks for a span's size when it adds the
   * span to a message, then for its bytes, so each span is encoded once.
   */
  @Override
  public int sizeInBytes(OtlpSpan span) {
    if (span.encoded == null) span.encoded = encodeNow(span);
    return span.encoded.length;
  }

  /** The bytes kept since {@link #sizeInBytes}, no longer kept; or the span encoded now. */
  @Override
  public byte[] encode(OtlpSpan span) {
    byte[] result = span.encoded;
    span.encoded = null;
    return result != null ? result : encodeNow(span);
  }

  private byte[] encodeNow(OtlpSpan span) {
    ResourceBytes resource = resourceOf(span);
    return json ? JsonSpanWriter.encode(resource, span) : ProtoSpanWriter.encode(resource, span);
  }

  private ResourceBytes resourceOf(OtlpSpan span) {
    String service = serviceName;
    if (service == null) service = span.span().localServiceName();
    if (service == null || service.isEmpty()) service = UNKNOWN_SERVICE;
    Resource resource = last;
    if (resource == null || !resource.serviceName().equals(service)) {
      resource = new Resource(service, new ResourceBytes(attributes(service), SCOPE_NAME, MeshtraceVersion.VALUE));
      last = resource;
    }
    return resource.bytes();
  }

  /**
   * The resource attributes of {@code service}: {@code service.name}, the telemetry SDK's, a
   * {@code service.instance.id} random per handler unless configured, then the configured ones.
   */
  private Map<String, String> attributes(String service) {
    Map<String, String> result = new LinkedHashMap<>();
    result.put("service.name", service);
    result.put("telemetry.sdk.name", "meshtrace");
    result.put("telemetry.sdk.language", "java");
    result.put("telemetry.sdk.version", MeshtraceVersion.VALUE);
    result.put("service.instance.id", instanceId);
    for (Map.Entry<String, String> entry : resourceAttributes.entrySet()) {
      if (!entry.getKey().equals("service.name")) result.put(entry.getKey(), entry.getValue());
    }
    return result;
  }
}
