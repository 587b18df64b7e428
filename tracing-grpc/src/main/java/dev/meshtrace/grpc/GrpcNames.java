package dev.meshtrace.grpc;

/** Splits gRPC's full method name, {@code package.Service/Method}. */
final class GrpcNames {
  static final String SYSTEM = "grpc";

  private GrpcNames() {}

  /** {@code package.Service}, or null when the name has no {@code /}. */
  static String service(String fullMethodName) {
    int slash = fullMethodName.lastIndexOf('/');
    return slash < 0 ? null : fullMethodName.substring(0, slash);
  }

  /** {@code Method}: what follows the last {@code /}, or the whole name. */
  static String method(String fullMethodName) {
    return fullMethodName.substring(fullMethodName.lastIndexOf('/') + 1);
  }
}
