package dev.meshtrace.internal;

import dev.meshtrace.MeshHeaders;
import dev.meshtrace.TraceContext;
import dev.meshtrace.sampling.Sampler;

/**
 * What a server that distrusts its callers (no sidecar in front) keeps of an inbound context; shared by the HTTP
 * and RPC server handlers. A request ID that is not a well-formed UUID is dropped (a fresh one is generated when
 * request IDs are generated, the default). A caller may always ask not to trace; a sampled or debug decision is
 * honoured only within the forced-trace allowance, and then the caller's trace continues. Anything else starts a
 * fresh trace that this service's sampler decides: the caller's IDs and trace headers are dropped, so neither a
 * forced flag nor a chosen trace ID (probability sampling is derived from it) can force tracing here or downstream.
 */
public final class EdgePolicy {
  private final Sampler forcedTraceLimiter;

  /** @param forcedTracesPerSecond inbound forced traces honoured per second (0: none) */
  public EdgePolicy(double forcedTracesPerSecond) {
    this.forcedTraceLimiter = Sampler.rateLimited(forcedTracesPerSecond);
  }

  /** {@code perSecond} when it is a finite non-negative number; else an exception naming the setting. */
  public static double checkForcedTracesPerSecond(double perSecond) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("forcedTracesPerSecond must be a non-negative number, was " + perSecond);
    }
    return perSecond;
  }

  /** The context to continue from {@code extracted}, as the policy above allows. */
  public TraceContext apply(TraceContext extracted) {
    MeshHeaders headers = extracted.meshHeaders();
    String requestId = headers.requestId();
    if (requestId != null && !RequestIds.isWellFormedUuid(requestId)) {
      headers = headers.without(MeshHeaders.REQUEST_ID);
      requestId = null;
    }
    Boolean sampled = extracted.sampled();
    boolean forcedByRequestId = requestId != null && RequestIds.forcesTrace(requestId);
    boolean forcedAllowed =
        (Boolean.TRUE.equals(sampled) || forcedByRequestId) && forcedTraceLimiter.isSampled(0);
    if (forcedByRequestId && !forcedAllowed) {
      headers = headers.withRequestId(RequestIds.withoutTraceStatus(requestId));
    }
    boolean nothingToDecide = sampled == null && !extracted.hasIds();
    if (nothingToDecide || Boolean.FALSE.equals(sampled) || (sampled != null && forcedAllowed)) {
      return extracted.withMeshHeaders(headers);
    }
    return TraceContext.builder().remote(true).meshHeaders(headers.withoutTraceHeaders()).build();
  }
}
