package dev.meshtrace;

import dev.meshtrace.diagnostics.Describable;
import dev.meshtrace.diagnostics.OrphanCallSettings;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The configuration part of {@link Tracing#diagnostics()}: plain values, no secret among them. */
final class ConfigurationSummary {
  private static final Logger LOG = Logger.getLogger(ConfigurationSummary.class.getName());

  private ConfigurationSummary() {}

  static Map<String, Object> of(Tracing tracing, List<SpanHandler> handlers, OrphanCallSettings orphanCalls) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("serviceName", tracing.serviceName());
    summary.put("mode", tracing.mode().name().toLowerCase(java.util.Locale.ROOT));
    summary.put("sampler", String.valueOf(tracing.sampler()));
    Propagation propagation = tracing.propagation();
    summary.put("extractFormats", names(propagation.extractFormats()));
    summary.put("injectFormats", names(propagation.injectFormats()));
    summary.put("forwardedHeaders", propagation.forwardHeaders());
    summary.put("generateRequestId", propagation.generateRequestId());
    List<Object> described = new ArrayList<>();
    for (SpanHandler handler : handlers) described.add(describe(handler));
    summary.put("spanHandlers", described);
    Map<String, Object> orphans = new LinkedHashMap<>();
    orphans.put("enabled", orphanCalls.enabled());
    orphans.put("backgroundThreads", orphanCalls.backgroundThreads());
    orphans.put("maxCallSites", orphanCalls.maxCallSites());
    summary.put("orphanCalls", orphans);
    return summary;
  }

  private static List<String> names(List<Format> formats) {
    List<String> names = new ArrayList<>();
    for (Format format : formats) names.add(format.configName());
    return names;
  }

  /** What a {@link Describable} handler says of itself, else its type. A handler that fails says so. */
  private static Map<String, Object> describe(SpanHandler handler) {
    if (handler instanceof Describable) {
      try {
        return new LinkedHashMap<>(((Describable) handler).describe());
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "A span handler failed to describe itself", e);
        return Map.of("type", handler.getClass().getName(), "describeFailed", String.valueOf(e));
      }
    }
    return Map.of("type", handler.getClass().getName());
  }
}
