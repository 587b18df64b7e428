package dev.meshtrace.grpc;

import dev.meshtrace.rpc.RpcClientRequest;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** An outbound gRPC call: its method, and its metadata, which the headers are written into. */
final class GrpcClientRequest extends RpcClientRequest {
  private final MethodDescriptor<?, ?> method;
  private final Metadata headers;
  private final String authority;

  GrpcClientRequest(MethodDescriptor<?, ?> method, Metadata headers, String authority) {
    this.method = method;
    this.headers = headers;
    this.authority = authority;
  }

  @Override
  public String system() {
    return GrpcMetadata.SYSTEM;
  }

  @Override
  public String service() {
    return method.getServiceName();
  }

  @Override
  public String method() {
    return MethodNames.bare(method);
  }

  @Override
  public String fullMethodName() {
    return method.getFullMethodName();
  }

  @Override
  public String host() {
    return authority;
  }

  @Override
  public void header(String name, String value) {
    GrpcMetadata.put(headers, name, value);
  }

  @Override
  public void removeHeader(String name) {
    GrpcMetadata.removeAll(headers, name);
  }

  @Override
  public Object unwrap() {
    return method;
  }
}
