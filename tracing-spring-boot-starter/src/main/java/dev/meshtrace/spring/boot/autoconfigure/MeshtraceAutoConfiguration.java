package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.apply;
import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.get;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.ScopeDecorator;
import dev.meshtrace.SpanHandler;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.diagnostics.OrphanCallSettings;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.handler.RedactingSpanHandler;
import dev.meshtrace.http.HttpSpanCustomizer;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.PathRule;
import dev.meshtrace.otlp.OtelEnvironment;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import dev.meshtrace.spring.boot.MeshtraceProperties;
import dev.meshtrace.spring.boot.logging.MdcScopeDecorator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The core of meshtrace as beans: {@link Tracing}, {@link Tracer}, {@link HttpTracing} and what they are built
 * from ({@link Sampler}, {@link Propagation}, {@link CurrentTraceContext}), each from {@code meshtrace.*}
 * properties and each replaced by a bean of the application's own. Every {@link SpanHandler},
 * {@link ScopeDecorator} and {@link HttpSpanCustomizer} bean is applied, in {@code @Order}; redaction
 * ({@code meshtrace.redaction.*}) runs before every span handler. The patterns of
 * {@code meshtrace.http.server.skip-paths} and {@code path-rules} are relative to
 * {@code server.servlet.context-path}, which is prepended to them.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "meshtrace.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MeshtraceProperties.class)
public class MeshtraceAutoConfiguration {

  @Bean
  @ConfigurationPropertiesBinding
  static ConfigNameConverters.FormatConverter meshtraceFormatConverter() {
    return new ConfigNameConverters.FormatConverter();
  }

  @Bean
  @ConfigurationPropertiesBinding
  static ConfigNameConverters.ModeConverter meshtraceModeConverter() {
    return new ConfigNameConverters.ModeConverter();
  }

  @Bean
  static UnknownPropertiesWarning meshtraceUnknownPropertiesWarning(Environment environment) {
    return new UnknownPropertiesWarning(environment);
  }

  @Bean
  @ConditionalOnMissingBean
  Sampler meshtraceSampler(MeshtraceProperties properties, Environment environment) {
    MeshtraceProperties.Sampling sampling = properties.getSampling();
    Double rate = sampling.getRatePerSecond();
    if (rate != null) return get("meshtrace.sampling.rate-per-second", rate, () -> Sampler.rateLimited(rate));
    if (!environment.containsProperty("meshtrace.sampling.probability")) {
      Sampler fromVariables = otel(environment).sampler(); // OTEL_TRACES_SAMPLER, when set
      if (fromVariables != null) return fromVariables;
    }
    double probability = sampling.getProbability();
    return get("meshtrace.sampling.probability", probability, () -> Sampler.probability(probability));
  }

  @Bean
  @ConditionalOnMissingBean
  Propagation meshtracePropagation(MeshtraceProperties properties, Environment environment) {
    MeshtraceProperties.PropagationSettings settings = properties.getPropagation();
    Propagation.Builder builder = Propagation.newBuilder()
        .extract(settings.getExtract())
        .inject(settings.getInject())
        .generateRequestId(properties.getRequestId().isGenerate())
        .packSamplingIntoRequestId(properties.getRequestId().isPackSamplingDecision());
    if (!environment.containsProperty("meshtrace.propagation.extract")
        && !environment.containsProperty("meshtrace.propagation.inject")) {
      otel(environment).propagators(builder); // OTEL_PROPAGATORS, when set
    }
    List<String> remove = settings.getForwardHeaders().getRemove();
    apply("meshtrace.propagation.forward-headers.remove", remove, () -> remove.forEach(builder::removeForwardHeader));
    List<String> add = settings.getForwardHeaders().getAdd();
    apply("meshtrace.propagation.forward-headers.add", add, () -> add.forEach(builder::addForwardHeader));
    return builder.build();
  }

  /** The {@code OTEL_*} variables as Spring's environment presents them (so properties of those names count too). */
  static OtelEnvironment otel(Environment environment) {
    return OtelEnvironment.of(environment::getProperty);
  }

  @Bean
  @ConditionalOnMissingBean
  CurrentTraceContext meshtraceCurrentTraceContext(ObjectProvider<ScopeDecorator> decorators) {
    return CurrentTraceContext.threadLocal(decorators.orderedStream().toArray(ScopeDecorator[]::new));
  }

  /** Closed with the context (its inferred {@code close()}), which closes every span handler added to it. */
  @Bean
  @ConditionalOnMissingBean
  Tracing meshtraceTracing(MeshtraceProperties properties, Environment environment, Sampler sampler,
      Propagation propagation, CurrentTraceContext currentTraceContext, ObjectProvider<SpanHandler> handlers) {
    Tracing.Builder builder = Tracing.newBuilder()
        .mode(properties.getMode())
        .sampler(sampler)
        .propagation(propagation)
        .currentTraceContext(currentTraceContext)
        .joinServerSpans(properties.isJoinServerSpans());
    String serviceName = serviceName(properties, environment);
    apply("meshtrace.service-name", serviceName, () -> builder.serviceName(serviceName));
    MeshtraceProperties.Tags tags = properties.getHttp().getTags();
    apply("meshtrace.http.tags.max-per-span", tags.getMaxPerSpan(), () -> builder.maxTagsPerSpan(tags.getMaxPerSpan()));
    apply("meshtrace.http.tags.max-value-length", tags.getMaxValueLength(),
        () -> builder.maxTagValueLength(tags.getMaxValueLength()));
    MeshtraceProperties.Redaction redaction = properties.getRedaction();
    if (!redaction.getPatterns().isEmpty()) {
      builder.addSpanHandler(get("meshtrace.redaction.patterns", redaction.getPatterns(),
          () -> RedactingSpanHandler.create(redaction.getPatterns(), redaction.getReplacement())));
    }
    handlers.orderedStream().forEach(builder::addSpanHandler);
    builder.orphanCalls(orphanCallSettings(properties.getDiagnostics().getOrphanCalls()));
    return builder.build();
  }

  static OrphanCallSettings orphanCallSettings(MeshtraceProperties.OrphanCalls orphanCalls) {
    String prefix = "meshtrace.diagnostics.orphan-calls.";
    int maxCallSites = orphanCalls.getMaxCallSites();
    get(prefix + "max-call-sites", maxCallSites, () -> new OrphanCallSettings(true, List.of(), maxCallSites));
    List<String> background = orphanCalls.getBackgroundThreads();
    return get(prefix + "background-threads", background,
        () -> new OrphanCallSettings(orphanCalls.isEnabled(), background, maxCallSites));
  }

  @Bean
  @ConditionalOnMissingBean
  Tracer meshtraceTracer(Tracing tracing) {
    return tracing.tracer();
  }

  @Bean
  @ConditionalOnMissingBean
  HttpTracing meshtraceHttpTracing(Tracing tracing, MeshtraceProperties properties, Environment environment,
      ObjectProvider<HttpSpanCustomizer> customizers) {
    MeshtraceProperties.Server server = properties.getHttp().getServer();
    MeshtraceProperties.Tags tags = properties.getHttp().getTags();
    String contextPath = servletContextPath(environment);
    List<PathRule> rules = new ArrayList<>();
    for (String rule : server.getPathRules()) {
      PathRule parsed = get("meshtrace.http.server.path-rules", server.getPathRules(), () -> PathRule.parse(rule));
      rules.add(underContextPath(contextPath, parsed));
    }
    for (String path : server.getSkipPaths()) {
      PathRule skip = get("meshtrace.http.server.skip-paths", server.getSkipPaths(), () -> PathRule.skip(path));
      rules.add(underContextPath(contextPath, skip));
    }
    HttpTracing.Builder builder = HttpTracing.newBuilder(tracing)
        .pathRules(rules)
        .stripQuery(tags.isStripQuery())
        .trustInboundContext(server.isTrustInboundContext());
    apply("meshtrace.http.server.forced-traces-per-second", server.getForcedTracesPerSecond(),
        () -> builder.forcedTracesPerSecond(server.getForcedTracesPerSecond()));
    apply("meshtrace.http.tags.request-headers", tags.getRequestHeaders(),
        () -> builder.requestHeaderTags(tags.getRequestHeaders()));
    apply("meshtrace.http.tags.response-headers", tags.getResponseHeaders(),
        () -> builder.responseHeaderTags(tags.getResponseHeaders()));
    customizers.orderedStream().forEach(builder::addCustomizer);
    return builder.build();
  }

  /**
   * {@code server.servlet.context-path} as Boot applies it (blank and {@code /} mean none, one trailing {@code /}
   * is dropped), or "".
   */
  private static String servletContextPath(Environment environment) {
    String contextPath = environment.getProperty("server.servlet.context-path", "").strip();
    return contextPath.endsWith("/") ? contextPath.substring(0, contextPath.length() - 1) : contextPath;
  }

  /**
   * {@code rule} for the paths the servlet adapter sees, which include the context path: configured patterns are
   * written relative to it, as Spring's own mappings are. Rebuilt from the string form, which ends with the pattern.
   */
  private static PathRule underContextPath(String contextPath, PathRule rule) {
    if (contextPath.isEmpty()) return rule;
    String form = rule.toString();
    String pattern = rule.pattern().toString();
    return PathRule.parse(form.substring(0, form.length() - pattern.length()) + contextPath + pattern);
  }

  static String serviceName(MeshtraceProperties properties, Environment environment) {
    if (properties.getServiceName() != null) return properties.getServiceName();
    String applicationName = environment.getProperty("spring.application.name");
    return applicationName == null || applicationName.isBlank() ? "unknown" : applicationName;
  }

  /** Trace, span and request IDs in the SLF4J MDC, on every thread the context travels to. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(org.slf4j.MDC.class)
  @ConditionalOnBooleanProperty(name = "meshtrace.log-correlation.enabled", matchIfMissing = true)
  static class LogCorrelationConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MdcScopeDecorator meshtraceMdcScopeDecorator() {
      return new MdcScopeDecorator();
    }
  }

  /** Micrometer Tracing on the classpath: make sure it has no working tracer of its own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
  static class MicrometerTracingGuardConfiguration {
    @Bean
    static MicrometerTracingGuard meshtraceMicrometerTracingGuard(ListableBeanFactory beanFactory) {
      return new MicrometerTracingGuard(beanFactory);
    }
  }

  /** Keeps every finished span in memory when the application's tests ask for it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "meshtrace.in-memory-collector.enabled")
  static class InMemoryCollectorConfiguration {
    @Bean
    @ConditionalOnMissingBean
    InMemorySpanCollector meshtraceInMemorySpanCollector() {
      return new InMemorySpanCollector();
    }
  }
}
