package dev.meshtrace.reliability;

import com.google.common.util.concurrent.ListenableFuture;
import dev.meshtrace.Tracing;
import dev.meshtrace.grpc.MeshtraceGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A service with no tracing code of its own that calls the next hop once through each client adapter the starter
 * instruments, blocking and asynchronously, for every request it serves: {@code GET /fan-out/{i}} makes the
 * {@link #CALLS} to {@code downstream.url}{@code /{i}/{call}} and answers with the trace ID current on its thread
 * once they are all done. The last call is asynchronous across Kafka: the request publishes a record with
 * {@link KafkaTemplate} and a {@link KafkaListener} of the same service makes the {@code kafka} call when it
 * consumes it. The clients are the application's beans (the starter instruments them); the executors that run the
 * asynchronous calls and callbacks are fixed pools the test can look into afterwards.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@RestController
public class FanOutApp {
  /** The calls each request makes, by client and style. */
  static final List<String> CALLS = List.of("restclient", "resttemplate-async", "okhttp", "okhttp-async", "jdk",
      "jdk-async", "webclient", "webclient-async", "grpc", "grpc-async", "kafka");
  /** The topic of the asynchronous hop: a record per request, whose value is the URL its listener calls. */
  static final String TOPIC = "fan-out";
  /** Partitions of {@link #TOPIC}, and listener threads consuming them. */
  static final int PARTITIONS = 4;
  /** Threads of each application pool (asynchronous tasks, OkHttp's dispatcher, the JDK client's executor). */
  static final int POOL_THREADS = 16;

  final Set<Thread> requestThreads = ConcurrentHashMap.newKeySet();
  private final Tracing tracing;
  private final String downstream;
  private final RestClient restClient;
  private final RestTemplate restTemplate;
  private final OkHttpClient okHttp;
  private final HttpClient jdk;
  private final WebClient webClient;
  private final ExecutorService async;
  private final ManagedChannel grpc;
  private final KafkaTemplate<String, String> kafka;

  FanOutApp(Tracing tracing, Environment environment, RestClient.Builder restClient, RestTemplate restTemplate,
      OkHttpClient okHttp, HttpClient jdk, WebClient.Builder webClient, ManagedChannel grpc,
      KafkaTemplate<String, String> kafka, Pools pools) {
    this.tracing = tracing;
    this.downstream = environment.getRequiredProperty("downstream.url");
    this.restClient = restClient.build();
    this.restTemplate = restTemplate;
    this.okHttp = okHttp;
    this.jdk = jdk;
    this.webClient = webClient.build();
    this.async = tracing.currentTraceContext().executorService(pools.async);
    this.grpc = grpc;
    this.kafka = kafka;
  }

  /** The application's pools: platform threads, or (the asynchronous tasks) virtual threads when asked. */
  static final class Pools implements AutoCloseable {
    final ExecutorService async;
    final ThreadPoolExecutor okHttpDispatcher = fixed("okhttp-dispatcher");
    final ThreadPoolExecutor jdkClient = fixed("jdk-client");
    final ThreadPoolExecutor grpcClient = fixed("grpc-client");

    Pools(boolean virtualThreads) {
      async = virtualThreads ? virtualThreadPerTask() : fixed("async");
    }

    @Override
    public void close() {
      async.shutdownNow();
      okHttpDispatcher.shutdownNow();
      jdkClient.shutdownNow();
      grpcClient.shutdownNow();
    }

    private static ThreadPoolExecutor fixed(String name) {
      java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL_THREADS, POOL_THREADS, 1, TimeUnit.HOURS,
          new LinkedBlockingQueue<>(), task -> new Thread(task, name + "-" + count.incrementAndGet()));
      pool.prestartAllCoreThreads();
      return pool;
    }

    private static ExecutorService virtualThreadPerTask() {
      try {
        return (ExecutorService) java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
            .invoke(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("virtual threads need JDK 21", e);
      }
    }
  }

  @Bean
  static Pools pools(Environment environment) {
    return new Pools(environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false));
  }

  @Bean
  static RestTemplate restTemplate() {
    return new RestTemplate();
  }

  @Bean
  static OkHttpClient okHttpClient(Pools pools) {
    Dispatcher dispatcher = new Dispatcher(pools.okHttpDispatcher);
    dispatcher.setMaxRequests(1_024);
    dispatcher.setMaxRequestsPerHost(1_024);
    return new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(Duration.ofSeconds(60)).build();
  }

  @Bean
  static HttpClient jdkHttpClient(Pools pools) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pools.jdkClient)
        .connectTimeout(Duration.ofSeconds(30)).build();
  }

  /** The channel to {@code grpc.target}: built by hand, so traced with one line, as README says. */
  @Bean(destroyMethod = "shutdownNow")
  static ManagedChannel grpcChannel(Environment environment, MeshtraceGrpc meshtraceGrpc, Pools pools) {
    return ManagedChannelBuilder.forTarget(environment.getRequiredProperty("grpc.target")).usePlaintext()
        .executor(pools.grpcClient).intercept(meshtraceGrpc.clientInterceptor()).build();
  }

  @Bean
  static NewTopic fanOutTopic() {
    return TopicBuilder.name(TOPIC).partitions(PARTITIONS).replicas(1).build();
  }

  /** The asynchronous half of a request: its record's context is current here (the starter's interceptor). */
  @KafkaListener(topics = TOPIC, groupId = "fan-out", concurrency = "" + PARTITIONS)
  void onRecord(String url) {
    restClient.get().uri(url).retrieve().body(String.class);
  }

  /** A call to the gRPC downstream named {@code path}, as its {@link GrpcDownstream#PATH} metadata. */
  private static ClientInterceptor named(String path) {
    Metadata metadata = new Metadata();
    metadata.put(GrpcDownstream.PATH_KEY, path);
    return MetadataUtils.newAttachHeadersInterceptor(metadata);
  }

  @GetMapping("/fan-out/{i}")
  String fanOut(@PathVariable("i") int i) throws Exception {
    requestThreads.add(Thread.currentThread());
    String base = downstream + "/" + i + "/";
    CompletableFuture<String> restTemplateAsync =
        CompletableFuture.supplyAsync(() -> restTemplate.getForObject(base + "resttemplate-async", String.class),
            async);
    CompletableFuture<String> okHttpAsync = new CompletableFuture<>();
    okHttp.newCall(new Request.Builder().url(base + "okhttp-async").build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        okHttpAsync.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          okHttpAsync.complete(response.body().string());
        }
      }
    });
    CompletableFuture<HttpResponse<String>> jdkAsync = jdk.sendAsync(
        HttpRequest.newBuilder(URI.create(base + "jdk-async")).build(), HttpResponse.BodyHandlers.ofString());
    kafka.send(TOPIC, String.valueOf(i), base + "kafka");
    CompletableFuture<String> webClientAsync =
        webClient.get().uri(base + "webclient-async").retrieve().bodyToMono(String.class).toFuture();
    ListenableFuture<ExportTraceServiceResponse> grpcAsync = TraceServiceGrpc.newFutureStub(grpc)
        .withInterceptors(named(base.substring(base.indexOf("/d/")) + "grpc-async"))
        .export(ExportTraceServiceRequest.getDefaultInstance());

    restClient.get().uri(base + "restclient").retrieve().body(String.class);
    try (Response response = okHttp.newCall(new Request.Builder().url(base + "okhttp").build()).execute()) {
      response.body().string();
    }
    jdk.send(HttpRequest.newBuilder(URI.create(base + "jdk")).build(), HttpResponse.BodyHandlers.ofString());
    webClient.get().uri(base + "webclient").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(60));
    TraceServiceGrpc.newBlockingStub(grpc).withInterceptors(named(base.substring(base.indexOf("/d/")) + "grpc"))
        .withDeadlineAfter(60, TimeUnit.SECONDS).export(ExportTraceServiceRequest.getDefaultInstance());
    grpcAsync.get(60, TimeUnit.SECONDS);

    CompletableFuture.allOf(restTemplateAsync, okHttpAsync, jdkAsync, webClientAsync).get(60, TimeUnit.SECONDS);
    return tracing.tracer().currentContext().traceIdString();
  }

  /** Starts the service on a free port with {@code properties} (Spring property names). */
  static ConfigurableApplicationContext start(Map<String, Object> properties) {
    SpringApplication application = new SpringApplication(FanOutApp.class);
    application.setDefaultProperties(Map.of("server.port", "0", "spring.main.banner-mode", "off",
        "spring.application.name", "fan-out", "spring.http.clients.imperative.factory", "jdk"));
    return application.run(properties.entrySet().stream()
        .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new));
  }
}
