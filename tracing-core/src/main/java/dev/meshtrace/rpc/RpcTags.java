package dev.meshtrace.rpc;

/** Names of the tags the RPC handlers write, after OpenTelemetry's RPC conventions. */
public final class RpcTags {
  public static final String SYSTEM = "rpc.system";
  public static final String SERVICE = "rpc.service";
  public static final String METHOD = "rpc.method";
  /** The status code tag of gRPC; other systems get {@code rpc.<system>.status_code}. */
  public static final String GRPC_STATUS_CODE = "rpc.grpc.status_code";
  public static final String ERROR = "error";
  /** The request ID tag Envoy puts on its own spans, as on HTTP server spans. */
  public static final String REQUEST_ID = "guid:x-request-id";

  private RpcTags() {}

  /** The status code tag of {@code system}: {@code rpc.grpc.status_code} for {@code grpc}. */
  public static String statusCode(String system) {
    return "grpc".equals(system) ? GRPC_STATUS_CODE : "rpc." + system + ".status_code";
  }
}
