package dev.meshtrace.grpc;

import dev.meshtrace.rpc.RpcClientRequest;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Locale;
import java.util.Set;

/**
 * An outbound gRPC call: its method, and its metadata, which the headers are written into. Removing a header looks
 * for it among the names the metadata held at the first removal since the last write, so clearing trace headers
 * from metadata that has none (a stub's call, usually) costs no scan per name.
 */
final class GrpcClientRequest extends RpcClientRequest {
  private final MethodDescriptor<?, ?> method;
  private final Metadata headers;
  private final String authority;
  /** The metadata's names (lower case, as gRPC keeps them), read at the first removal; null again after a write. */
  private Set<String> namesHeld;

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
    namesHeld = null;
  }

  @Override
  public void removeHeader(String name) {
    if (namesHeld == null) namesHeld = headers.keys();
    if (namesHeld.contains(name.toLowerCase(Locale.ROOT))) GrpcMetadata.removeAll(headers, name);
  }

  @Override
  public Object unwrap() {
    return method;
  }
}
