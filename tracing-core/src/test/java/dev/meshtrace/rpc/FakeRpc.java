package dev.meshtrace.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

/** Plain RPC calls for the handler tests: metadata in a map, as an adapter would present it. */
final class FakeRpc {
  private FakeRpc() {}

  static final class ServerRequest extends RpcServerRequest {
    final String service;
    final String method;
    final Map<String, String> metadata = new LinkedHashMap<>();

    ServerRequest(String service, String method) {
      this.service = service;
      this.method = method;
    }

    ServerRequest with(String name, String value) {
      metadata.put(name, value);
      return this;
    }

    @Override public String system() { return "grpc"; }
    @Override public String service() { return service; }
    @Override public String method() { return method; }
    @Override public String header(String name) { return metadata.get(name); }
    @Override public String remoteIp() { return "10.1.2.3"; }
    @Override public int remotePort() { return 50051; }
    @Override public Object unwrap() { return this; }
  }

  static final class ClientRequest extends RpcClientRequest {
    final Map<String, String> metadata = new LinkedHashMap<>();

    @Override public String system() { return "grpc"; }
    @Override public String service() { return "bookinfo.Ratings"; }
    @Override public String method() { return "GetRating"; }
    @Override public void header(String name, String value) { metadata.put(name, value); }
    @Override public Object unwrap() { return this; }
  }

  static final class Response extends RpcResponse {
    final RpcRequest request;
    final String status;
    final String code;
    final Throwable error;

    Response(RpcRequest request, String status, int code, Throwable error) {
      this.request = request;
      this.status = status;
      this.code = status == null ? null : Integer.toString(code);
      this.error = error;
    }

    @Override public RpcRequest request() { return request; }
    @Override public String statusName() { return status; }
    @Override public String statusCode() { return code; }
    @Override public Throwable error() { return error; }
    @Override public Object unwrap() { return this; }
  }
}
