package dev.meshtrace.rpc;

import dev.meshtrace.Span;
import dev.meshtrace.internal.CustomizerFailures;
import dev.meshtrace.internal.InternalFactory;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default RPC naming and tags, then the customizers, shared by the server and client handlers. A failure in
 * either (an adapter's or a customizer's) is logged and never breaks the call.
 */
final class RpcSpans {
  /** Releases the span its handler confined ({@link InternalFactory#confine}) once tagged, before the customizers. */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  private static final Logger LOG = Logger.getLogger(RpcSpans.class.getName());

  private final RpcSpanCustomizer[] customizers;
  private final CustomizerFailures failures;

  RpcSpans(RpcTracing rpcTracing) {
    this.customizers = rpcTracing.customizers().toArray(new RpcSpanCustomizer[0]);
    this.failures = new CustomizerFailures(LOG, "RPC", rpcTracing.customizers());
  }

  /** Names the span {@code service/method} and tags the system, service and method, then runs the customizers. */
  void onRequest(RpcRequest request, Span span) {
    try {
      tagRequest(request, span);
    } finally {
      INTERNAL.release(span);
    }
    for (int i = 0; i < customizers.length; i++) {
      try {
        customizers[i].onRequest(request, span);
      } catch (RuntimeException | Error e) {
        failures.failed(i, e);
      }
    }
  }

  /** Tags the outcome ({@link #tagResponse}), then runs the customizers. */
  void onResponse(RpcResponse response, Span span, Set<String> errorStatuses) {
    tagResponse(response, span, errorStatuses);
    for (int i = 0; i < customizers.length; i++) {
      try {
        customizers[i].onResponse(response, span);
      } catch (RuntimeException | Error e) {
        failures.failed(i, e);
      }
    }
  }

  private static void tagRequest(RpcRequest request, Span span) {
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
  private static void tagResponse(RpcResponse response, Span span, Set<String> errorStatuses) {
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
