package dev.meshtrace.rpc;

import dev.meshtrace.Span;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default RPC naming and tags, shared by the server and client handlers. An adapter that fails to answer is
 * logged and never breaks the call.
 */
final class RpcSpans {
  private static final Logger LOG = Logger.getLogger(RpcSpans.class.getName());

  private RpcSpans() {}

  /** Names the span {@code service/method} and tags the system, service and method. */
  static void onRequest(RpcRequest request, Span span) {
    try {
      String system = request.system();
      String service = request.service();
      String method = request.method();
      String name = request.fullMethodName();
      span.name(name == null ? system : name);
      if (system != null) span.tag(RpcTags.SYSTEM, system);
      if (service != null) span.tag(RpcTags.SERVICE, service);
      if (method != null) span.tag(RpcTags.METHOD, method);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not read the RPC call for its span; the span goes on untagged", e);
    }
  }

  /**
   * Tags the status and the peer, and marks an error: a status in {@code errorStatuses} (null: any but OK) or an
   * error ended the call. The {@code error} tag holds the status name when no exception explains it.
   */
  static void onResponse(RpcResponse response, Span span, Set<String> errorStatuses) {
    try {
      String remoteIp = response.remoteIp();
      if (remoteIp != null) span.remoteIpAndPort(remoteIp, response.remotePort());
      String code = response.statusCode();
      if (code != null) span.tag(RpcTags.statusCode(response.request().system()), code);
      String status = response.statusName();
      boolean failedStatus = status != null
          && (errorStatuses == null ? !RpcTracing.OK.equals(status) : errorStatuses.contains(status));
      Throwable error = response.error();
      if (error != null && (failedStatus || status == null)) {
        span.error(error);
      } else if (failedStatus) {
        span.tag(RpcTags.ERROR, status);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not read the RPC outcome for its span; the span goes on untagged", e);
    }
  }
}
