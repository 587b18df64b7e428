package dev.meshtrace.rpc;

import dev.meshtrace.Span;

/**
 * Code-level customisation of RPC spans: runs on each sampled span after the defaults (name, {@code rpc.*} tags,
 * request ID, remote address), so it may rename the span or replace any tag. Add it with
 * {@link RpcTracing.Builder#addCustomizer}; customizers run in the order added. Use {@code request.unwrap()} for the
 * framework's own type (for gRPC, the {@code ServerCall} on a server, the {@code MethodDescriptor} on a client). A
 * customizer that throws is logged and skipped: it never breaks the call.
 */
public interface RpcSpanCustomizer {
  /** Called when the call is received (server) or started (client). */
  default void onRequest(RpcRequest request, Span span) {}

  /** Called when the call ends, before the span finishes. */
  default void onResponse(RpcResponse response, Span span) {}
}
