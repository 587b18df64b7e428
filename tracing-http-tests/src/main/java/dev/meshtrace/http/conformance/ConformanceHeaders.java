package dev.meshtrace.http.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

/** The inbound values both suites send. */
public final class ConformanceHeaders {
  public static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  public static final String SPAN_ID = "a2fb4a1d1a96d312";
  public static final String REQUEST_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
  /** A well-formed {@code x-request-id} as meshtrace generates it. */
  public static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  /** A forwarded header the suites configure on top of Istio's list. */
  public static final String EXTRA_HEADER = "x-tenant";

  private ConformanceHeaders() {}

  /**
   * One value for each header meshtrace forwards without interpreting (Istio's list and {@link #EXTRA_HEADER}),
   * shaped like what other tracers send, inner spaces and separators included.
   */
  public static Map<String, String> forwardedMeshHeaders() {
    Map<String, String> mesh = new LinkedHashMap<>();
    mesh.put("x-request-id", REQUEST_ID);
    mesh.put("x-ot-span-context", TRACE_ID.substring(16) + ";" + SPAN_ID + ";0000000000000000;cs");
    mesh.put("x-cloud-trace-context", "105445aa7843bc8bf206b12000100000/1;o=1");
    mesh.put("x-datadog-trace-id", "7352176486521519373");
    mesh.put("x-datadog-parent-id", "1141283287");
    mesh.put("x-datadog-sampling-priority", "1");
    mesh.put("sw8", "1-TRACEID-SEGMENTID-3-PARENT_SERVICE-PARENT_INSTANCE-PARENT_ENDPOINT-IPPORT");
    mesh.put("baggage", "tenant=blue,  region = eu;property");
    mesh.put(EXTRA_HEADER, "Acme Corp.");
    return mesh;
  }
}
