package dev.meshtrace.rpc;

/** What the RPC handlers read from a call; each adapter maps its framework's call onto it. */
public abstract class RpcRequest {
  /** The RPC system, lower case, such as {@code grpc}: the value of {@code rpc.system}. */
  public abstract String system();

  /** The fully qualified service name, such as {@code bookinfo.Ratings}; null when unknown. */
  public abstract String service();

  /** The method name, such as {@code GetRating}; null when unknown. */
  public abstract String method();

  /**
   * The full method name, {@code service/method}, which names the span; null when neither is known. Adapters that
   * hold it already (gRPC's {@code package.Service/Method}) return it instead of having it built.
   */
  public String fullMethodName() {
    String service = service();
    String method = method();
    if (service == null) return method;
    return method == null ? service : service + '/' + method;
  }

  /** The framework's own call object. */
  public abstract Object unwrap();
}
