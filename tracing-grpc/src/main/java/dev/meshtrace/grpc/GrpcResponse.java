package dev.meshtrace.grpc;

import dev.meshtrace.rpc.RpcRequest;
import dev.meshtrace.rpc.RpcResponse;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How a gRPC call ended: its status, the exception behind it if any, and (client side) the peer reached. */
final class GrpcResponse extends RpcResponse {
  /** The tag value of each status code, by {@link Status.Code} ordinal: made once. */
  private static final String[] CODES = new String[Status.Code.values().length];

  static {
    for (Status.Code code : Status.Code.values()) CODES[code.ordinal()] = Integer.toString(code.value());
  }
  private final RpcRequest request;
  private final Status status;
  private final Throwable error;
  private final InetSocketAddress peer;

  GrpcResponse(RpcRequest request, Status status, Throwable error, SocketAddress peer) {
    this.request = request;
    this.status = status;
    this.error = error != null ? error : status.getCause();
    this.peer = peer instanceof InetSocketAddress ? (InetSocketAddress) peer : null;
  }

  @Override
  public RpcRequest request() {
    return request;
  }

  @Override
  public String statusName() {
    return status.getCode().name();
  }

  @Override
  public String statusCode() {
    return CODES[status.getCode().ordinal()];
  }

  @Override
  public Throwable error() {
    return error;
  }

  @Override
  public String remoteIp() {
    return peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
  }

  @Override
  public int remotePort() {
    return peer == null ? 0 : peer.getPort();
  }

  @Override
  public Object unwrap() {
    return status;
  }
}
