package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.ScopeDecorator;
import dev.meshtrace.SpanHandler;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpSpanCustomizer;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.PathRule;
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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The core of meshtrace as beans: {@link Tracing}, {@link Tracer}, {@link HttpTracing} and what they are built
 * from ({@link Sampler}, {@link Propagation}, {@link CurrentTraceContext}), each from {@code meshtrace.*}
 * properties and each replaced by a bean of the application's own. Every {@link SpanHandler},
 * {@link ScopeDecorator} and {@link HttpSpanCustomizer} bean is applied, in {@code @Order}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "meshtrace.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MeshtraceProperties.class)
public class MeshtraceAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Sampler meshtraceSampler(MeshtraceProperties properties) {
    MeshtraceProperties.Sampling sampling = properties.getSampling();
    if (sampling.getRatePerSecond() != null) return Sampler.rateLimited(sampling.getRatePerSecond());
    return Sampler.probability(sampling.getProbability());
  }

  @Bean
  @ConditionalOnMissingBean
  Propagation meshtracePropagation(MeshtraceProperties properties) {
    MeshtraceProperties.PropagationProperties propagation = properties.getPropagation();
    Propagation.Builder builder = Propagation.newBuilder()
        .extract(propagation.getExtract())
        .inject(propagation.getInject())
        .generateRequestId(properties.getRequestId().isGenerate())
        .packSamplingIntoRequestId(properties.getRequestId().isPackSamplingDecision());
    propagation.getForwardHeaders().getRemove().forEach(builder::removeForwardHeader);
    propagation.getForwardHeaders().getAdd().forEach(builder::addForwardHeader);
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  CurrentTraceContext meshtraceCurrentTraceContext(ObjectProvider<ScopeDecorator> decorators) {
    return CurrentTraceContext.threadLocal(decorators.orderedStream().toArray(ScopeDecorator[]::new));
  }

  @Bean
  @ConditionalOnMissingBean
  Tracing meshtraceTracing(MeshtraceProperties properties, Environment environment, Sampler sampler,
      Propagation propagation, CurrentTraceContext currentTraceContext, ObjectProvider<SpanHandler> handlers) {
    Tracing.Builder builder = Tracing.newBuilder()
        .serviceName(serviceName(properties, environment))
        .mode(properties.getMode())
        .sampler(sampler)
        .propagation(propagation)
        .currentTraceContext(currentTraceContext)
        .joinServerSpans(properties.isJoinServerSpans())
        .maxTagsPerSpan(properties.getHttp().getTags().getMaxPerSpan())
        .maxTagValueLength(properties.getHttp().getTags().getMaxValueLength());
    handlers.orderedStream().forEach(builder::addSpanHandler);
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  Tracer meshtraceTracer(Tracing tracing) {
    return tracing.tracer();
  }

  @Bean
  @ConditionalOnMissingBean
  HttpTracing meshtraceHttpTracing(Tracing tracing, MeshtraceProperties properties,
      ObjectProvider<HttpSpanCustomizer> customizers) {
    MeshtraceProperties.Server server = properties.getHttp().getServer();
    MeshtraceProperties.Tags tags = properties.getHttp().getTags();
    List<PathRule> rules = new ArrayList<>();
    for (String path : server.getSkipPaths()) rules.add(PathRule.skip(path));
    HttpTracing.Builder builder = HttpTracing.newBuilder(tracing)
        .pathRules(rules)
        .requestHeaderTags(tags.getRequestHeaders())
        .responseHeaderTags(tags.getResponseHeaders())
        .stripQuery(tags.isStripQuery())
        .trustInboundContext(server.isTrustInboundContext())
        .forcedTracesPerSecond(server.getForcedTracesPerSecond());
    customizers.orderedStream().forEach(builder::addCustomizer);
    return builder.build();
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
