package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.apply;
import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.get;

import dev.meshtrace.Tracing;
import dev.meshtrace.grpc.MeshtraceGrpc;
import dev.meshtrace.http.PathRule;
import dev.meshtrace.rpc.RpcSpanCustomizer;
import dev.meshtrace.rpc.RpcTracing;
import dev.meshtrace.spring.boot.MeshtraceProperties;
import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Traces gRPC calls when grpc-java is on the class path: {@link RpcTracing} (with every {@link RpcSpanCustomizer}
 * bean, in {@code @Order}) and {@link MeshtraceGrpc} beans and, with Spring gRPC, its server interceptor as a global
 * server interceptor (first, so its span covers the others) and its client interceptor as a global client interceptor (last, so the headers it writes are the ones sent) on
 * every channel Spring gRPC's channel factory builds. A channel built by hand needs one line:
 * {@code ManagedChannelBuilder.forTarget(target).intercept(meshtraceGrpc.clientInterceptor())}.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnClass({ServerInterceptor.class, MeshtraceGrpc.class})
@ConditionalOnBean(Tracing.class)
@ConditionalOnBooleanProperty(name = "meshtrace.grpc.enabled", matchIfMissing = true)
public class MeshtraceGrpcAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  RpcTracing meshtraceRpcTracing(Tracing tracing, MeshtraceProperties properties,
      ObjectProvider<RpcSpanCustomizer> customizers) {
    MeshtraceProperties.Grpc grpc = properties.getGrpc();
    List<String> configured = grpc.getRules();
    List<PathRule> rules = new ArrayList<>();
    for (String rule : configured) rules.add(get("meshtrace.grpc.rules", configured, () -> PathRule.parse(rule)));
    RpcTracing.Builder builder = RpcTracing.newBuilder(tracing).rules(rules)
        .trustInboundContext(grpc.isTrustInboundContext());
    apply("meshtrace.grpc.forced-traces-per-second", grpc.getForcedTracesPerSecond(),
        () -> builder.forcedTracesPerSecond(grpc.getForcedTracesPerSecond()));
    customizers.orderedStream().forEach(builder::addCustomizer);
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  MeshtraceGrpc meshtraceGrpc(RpcTracing rpcTracing, MeshtraceProperties properties) {
    return MeshtraceGrpc.newBuilder(rpcTracing).messageEvents(properties.getGrpc().isMessageEvents()).build();
  }

  /** Spring gRPC's servers: applied to every service. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(GlobalServerInterceptor.class)
  static class SpringGrpcServerConfiguration {
    @Bean
    @GlobalServerInterceptor
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ServerInterceptor meshtraceServerInterceptor(MeshtraceGrpc grpc) {
      return grpc.serverInterceptor();
    }
  }

  /** Spring gRPC's channel factory: applied to every channel it creates. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(GlobalClientInterceptor.class)
  static class SpringGrpcClientConfiguration {
    @Bean
    @GlobalClientInterceptor
    @Order(Ordered.LOWEST_PRECEDENCE)
    ClientInterceptor meshtraceClientInterceptor(MeshtraceGrpc grpc) {
      return grpc.clientInterceptor();
    }
  }
}
