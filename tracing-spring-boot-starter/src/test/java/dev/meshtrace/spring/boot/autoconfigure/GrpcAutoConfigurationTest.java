package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.grpc.MeshtraceGrpc;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.rpc.RpcRequest;
import dev.meshtrace.rpc.RpcSpanCustomizer;
import dev.meshtrace.rpc.RpcTracing;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.client.ClientInterceptorsConfigurer;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.client.InProcessGrpcChannelFactory;
import org.springframework.grpc.server.InProcessGrpcServerFactory;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

/**
 * With Spring gRPC, every service gets the server interceptor and every channel from its channel factory the client
 * interceptor, with no code; without grpc-java or Spring gRPC the starter backs off.
 */
class GrpcAutoConfigurationTest {
  static final MethodDescriptor.Marshaller<String> STRING = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<String, String> GET_RATING = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("bookinfo.Ratings/GetRating")
      .setRequestMarshaller(STRING).setResponseMarshaller(STRING).build();
  static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> APP_HEADER = Metadata.Key.of("x-app", Metadata.ASCII_STRING_MARSHALLER);

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withPropertyValues("meshtrace.in-memory-collector.enabled=true")
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
          MeshtraceGrpcAutoConfiguration.class));

  @Test
  void springGrpcServicesAndChannelsAreTracedWithNoCode() {
    runner.withUserConfiguration(SpringGrpcInfrastructure.class).run(context -> {
      assertThat(context).hasNotFailed();
      Queue<Metadata> received = callRatings(context);

      InMemorySpanCollector spans = context.getBean(InMemorySpanCollector.class);
      MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
      MutableSpan serverSpan = spans.onlySpan(SpanKind.SERVER);
      assertThat(List.of(client.name(), serverSpan.name())).containsOnly("bookinfo.Ratings/GetRating");
      assertThat(serverSpan.parentId()).isEqualTo(client.spanId());
      Metadata metadata = received.remove();
      assertThat(metadata.getAll(TRACEPARENT)).as("ours replaces the application's, written before it")
          .containsExactly("00-" + client.traceIdString() + "-" + client.spanIdString() + "-01");
      assertThat(metadata.get(APP_HEADER)).isEqualTo("kept");
    });
  }

  /** One call to an in-process ratings service, both built through Spring gRPC; returns the metadata received. */
  static Queue<Metadata> callRatings(ApplicationContext context) throws Exception {
    Queue<Metadata> received = new ConcurrentLinkedQueue<>();
    String name = "ratings-" + UUID.randomUUID();
    InProcessGrpcServerFactory serverFactory = new InProcessGrpcServerFactory(name, List.of());
    ServerServiceDefinition ratings = ServerInterceptors.intercept(ServerServiceDefinition.builder("bookinfo.Ratings")
        .addMethod(GET_RATING, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext("5 stars");
          out.onCompleted();
        })).build(), recording(received));
    serverFactory.addService(context.getBean(DefaultGrpcServiceConfigurer.class)
        .configure(new GrpcServiceSpec(() -> ratings, null), serverFactory));
    Server server = serverFactory.createServer().start();
    ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("in-process:" + name);
    try {
      assertThat(ClientCalls.blockingUnaryCall(channel, GET_RATING,
          CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), "book 0")).isEqualTo("5 stars");
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    return received;
  }

  @Test
  void edgeTrustAndSpanCustomizersApplyToGrpcServers() {
    runner.withUserConfiguration(SpringGrpcInfrastructure.class, TenantCustomizer.class)
        .withPropertyValues("meshtrace.grpc.trust-inbound-context=false").run(context -> {
          callRatings(context);

          InMemorySpanCollector spans = context.getBean(InMemorySpanCollector.class);
          MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
          MutableSpan serverSpan = spans.onlySpan(SpanKind.SERVER);
          assertThat(serverSpan.traceIdString()).as("the caller's sampled trace is not continued at the edge")
              .isNotEqualTo(client.traceIdString());
          assertThat(serverSpan.parentId()).isZero();
          assertThat(List.of(client.tag("tenant"), serverSpan.tag("tenant"))).containsOnly("acme");
        });
  }

  @Test
  void aBadForcedTraceRateFailsStartupNamingTheProperty() {
    runner.withPropertyValues("meshtrace.grpc.forced-traces-per-second=-1").run(context ->
        assertThat(StartupFailures.messages(context)).contains("meshtrace.grpc.forced-traces-per-second")
            .contains("-1"));
  }

  @Test
  void settingsAreBound() {
    runner.withPropertyValues("meshtrace.grpc.rules=skip:/bookinfo.Ratings/Ping,rate:5:/bookinfo.Details/*")
        .run(context -> assertThat(context.getBean(RpcTracing.class).rules()).extracting(Object::toString)
            .containsExactly("skip:/bookinfo.Ratings/Ping", "rate:5.0:/bookinfo.Details/*"));
    runner.run(context -> assertThat(context.getBean(RpcTracing.class).rules()).extracting(Object::toString)
        .contains("skip:/grpc.health.v1.Health/*"));
  }

  @Test
  void aBadRuleFailsStartupNamingTheProperty() {
    runner.withPropertyValues("meshtrace.grpc.rules=skip:grpc.health.v1.Health/*").run(context ->
        assertThat(StartupFailures.messages(context)).contains("meshtrace.grpc.rules")
            .contains("grpc.health.v1.Health/*"));
  }

  @Test
  void withoutSpringGrpcTheInterceptorsAreBeansForChannelsAndServersBuiltByHand() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.grpc")).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(MeshtraceGrpc.class);
      assertThat(context).doesNotHaveBean(ServerInterceptor.class).doesNotHaveBean(ClientInterceptor.class);
    });
  }

  @Test
  void withoutGrpcJavaTheStarterBacksOff() {
    runner.withClassLoader(new FilteredClassLoader("io.grpc", "org.springframework.grpc")).run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(RpcTracing.class).doesNotHaveBean(MeshtraceGrpc.class));
  }

  @Test
  void grpcTracingCanBeTurnedOff() {
    runner.withUserConfiguration(SpringGrpcInfrastructure.class).withPropertyValues("meshtrace.grpc.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MeshtraceGrpc.class)
            .getBeans(ServerInterceptor.class).isEmpty());
  }

  static ServerInterceptor recording(Queue<Metadata> received) {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
          ServerCallHandler<ReqT, RespT> next) {
        received.add(headers);
        return next.startCall(call, headers);
      }
    };
  }

  /** An application's span customizer bean. */
  @Configuration(proxyBeanMethods = false)
  static class TenantCustomizer {
    @Bean
    RpcSpanCustomizer tenantTag() {
      return new RpcSpanCustomizer() {
        @Override
        public void onRequest(RpcRequest request, dev.meshtrace.Span span) {
          span.tag("tenant", "acme");
        }
      };
    }
  }

  /**
   * What Spring gRPC's Boot integration defines (the service configurer and the channel factory, which apply the
   * global interceptors), and a global client interceptor of the application's that sets headers of its own.
   */
  @Configuration(proxyBeanMethods = false)
  static class SpringGrpcInfrastructure {
    @Bean
    DefaultGrpcServiceConfigurer grpcServiceConfigurer(ApplicationContext context) {
      return new DefaultGrpcServiceConfigurer(context);
    }

    @Bean
    ClientInterceptorsConfigurer clientInterceptorsConfigurer(ApplicationContext context) {
      return new ClientInterceptorsConfigurer(context);
    }

    @Bean
    InProcessGrpcChannelFactory grpcChannelFactory(ClientInterceptorsConfigurer configurer) {
      return new InProcessGrpcChannelFactory(List.of(), configurer);
    }

    @Bean
    @GlobalClientInterceptor
    @Order(0)
    ClientInterceptor applicationHeaders() {
      Metadata own = new Metadata();
      own.put(TRACEPARENT, "00-the-applications-own");
      own.put(APP_HEADER, "kept");
      return MetadataUtils.newAttachHeadersInterceptor(own);
    }
  }
}
