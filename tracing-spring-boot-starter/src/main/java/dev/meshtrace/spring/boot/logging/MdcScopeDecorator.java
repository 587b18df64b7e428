package dev.meshtrace.spring.boot.logging;

import dev.meshtrace.Scope;
import dev.meshtrace.ScopeDecorator;
import dev.meshtrace.TraceContext;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Copies the current context's IDs into the SLF4J MDC while it is current and restores what was there when its
 * scope closes, on every thread the context is carried to:
 * <ul>
 *   <li>{@value #TRACE_ID}: the trace ID, whenever the context has one;
 *   <li>{@value #SPAN_ID}: the ID of the span this process records (absent for a request that is not sampled, whose
 *       only span ID is the caller's);
 *   <li>{@value #REQUEST_ID}: the {@code x-request-id} travelling with the context.
 * </ul>
 * Install it with {@code CurrentTraceContext.threadLocal(new MdcScopeDecorator())}; the Spring Boot starter does.
 */
public final class MdcScopeDecorator implements ScopeDecorator {
  /** MDC key of the trace ID (lower-case hex, 16 or 32 characters). */
  public static final String TRACE_ID = "traceId";
  /** MDC key of the span ID (16 lower-case hex characters). */
  public static final String SPAN_ID = "spanId";
  /** MDC key of the request ID. */
  public static final String REQUEST_ID = "requestId";

  @Override
  public Scope decorateScope(TraceContext context, Scope scope) {
    String traceId = context == null ? null : context.traceIdString();
    String spanId = context == null || context.isRemote() ? null : context.spanIdString();
    String requestId = context == null ? null : context.requestId();
    String previousTraceId = MDC.get(TRACE_ID);
    String previousSpanId = MDC.get(SPAN_ID);
    String previousRequestId = MDC.get(REQUEST_ID);
    if (Objects.equals(traceId, previousTraceId) && Objects.equals(spanId, previousSpanId)
        && Objects.equals(requestId, previousRequestId)) {
      return scope;
    }
    put(TRACE_ID, traceId);
    put(SPAN_ID, spanId);
    put(REQUEST_ID, requestId);
    return () -> {
      scope.close();
      put(TRACE_ID, previousTraceId);
      put(SPAN_ID, previousSpanId);
      put(REQUEST_ID, previousRequestId);
    };
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "MdcScopeDecorator";
  }
}
