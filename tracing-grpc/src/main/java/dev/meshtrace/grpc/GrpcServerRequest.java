package dev.meshtrace.grpc;

import dev.meshtrace.rpc.RpcServerRequest;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An inbound gRPC call: its method, its metadata (the carrier read) and the caller's address. */
final class GrpcServerRequest extends RpcServerRequest {
  private final ServerCall<?, ?> call;
  private final Metadata headers;

  GrpcServerRequest(ServerCall<?, ?> call, Metadata headers) {
    this.call = call;
    this.headers = headers;
  }

  @Override
  public String system() {
    return GrpcMetadata.SYSTEM;
  }

  @Override
  public String service() {
    return call.getMethodDescriptor().getServiceName();
  }

  @Override
  public String method() {
    return MethodNames.bare(call.getMethodDescriptor());
  }

  @Override
  public String fullMethodName() {
    return call.getMethodDescriptor().getFullMethodName();
  }

  @Override
  public String header(String name) {
    return GrpcMetadata.get(headers, name);
  }

  @Override
  public String headerValues(String name) {
    return GrpcMetadata.getAll(headers, name);
  }

  @Override
  public String remoteIp() {
    InetSocketAddress peer = peer();
    return peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
  }

  @Override
  public int remotePort() {
    InetSocketAddress peer = peer();
    return peer == null ? 0 : peer.getPort();
  }

  private InetSocketAddress peer() {
    SocketAddress address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }

  @Override
  public Object unwrap() {
    return call;
  }
}
