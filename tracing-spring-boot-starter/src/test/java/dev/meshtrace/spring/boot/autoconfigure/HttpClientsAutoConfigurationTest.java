package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.SpanKind;
import dev.meshtrace.Tracer;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.jdk.httpclient.TracingHttpClient;
import dev.meshtrace.okhttp.MeshtraceOkHttp;
import dev.meshtrace.spring.web.TracingClientHttpRequestInterceptor;
import dev.meshtrace.spring.webflux.TracingExchangeFilterFunction;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

class HttpClientsAutoConfigurationTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withPropertyValues("meshtrace.in-memory-collector.enabled=true")
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
          MeshtraceRestClientAutoConfiguration.class, MeshtraceOkHttpAutoConfiguration.class,
          MeshtraceWebClientAutoConfiguration.class, MeshtraceJdkHttpClientAutoConfiguration.class))
      .withConfiguration(AutoConfigurations.of(BootGeneration.present(BootGeneration.HTTP_CLIENT_AUTO_CONFIGURATIONS)));

  final MockWebServer downstream = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    downstream.start();
  }

  @AfterEach
  void stop() throws IOException {
    downstream.shutdown();
  }

  @Test
  void restTemplateBeanIsTraced() {
    runner.withUserConfiguration(PlainRestTemplate.class).run(context -> {
      RestTemplate restTemplate = context.getBean(RestTemplate.class);
      assertTracedCall(context, () -> restTemplate.getForObject(downstream.url("/a").toString(), String.class));
    });
  }

  @Test
  void restTemplateBuiltFromBootsBuilderOutsideTheContextIsTraced() {
    runner.run(context -> {
      Object builder = context.getBean(BootGeneration.restTemplateBuilderClass());
      RestTemplate restTemplate = (RestTemplate) BootGeneration.call(builder, "build");
      assertTracedCall(context, () -> restTemplate.getForObject(downstream.url("/a").toString(), String.class));
    });
  }

  @Test
  void restTemplateBeanBuiltFromBootsBuilderGetsTheInterceptorOnce() {
    runner.withUserConfiguration(RestTemplateFromBuilder.class).run(context -> {
      RestTemplate restTemplate = context.getBean(RestTemplate.class);
      assertThat(restTemplate.getInterceptors())
          .filteredOn(interceptor -> interceptor instanceof TracingClientHttpRequestInterceptor).hasSize(1);
      assertTracedCall(context, () -> restTemplate.getForObject(downstream.url("/a").toString(), String.class));
    });
  }

  @Test
  void restClientFromBootsBuilderIsTraced() {
    runner.run(context -> {
      RestClient restClient = context.getBean(RestClient.Builder.class).build();
      assertTracedCall(context, () -> restClient.get().uri(downstream.url("/a").uri()).retrieve().body(String.class));
    });
  }

  @Test
  void okHttpClientBeanIsTraced() {
    runner.withUserConfiguration(OkHttpBean.class).run(context -> {
      OkHttpClient client = context.getBean(OkHttpClient.class);
      assertTracedCall(context, () -> execute(client));
    });
  }

  @Test
  void clientsMadeWithNewNeedOneLine() {
    runner.run(context -> {
      RestTemplate restTemplate = new RestTemplate();
      restTemplate.getInterceptors().add(context.getBean(TracingClientHttpRequestInterceptor.class));
      assertTracedCall(context, () -> restTemplate.getForObject(downstream.url("/a").toString(), String.class));

      RestClient restClient =
          RestClient.builder().requestInterceptor(context.getBean(TracingClientHttpRequestInterceptor.class)).build();
      assertTracedCall(context, () -> restClient.get().uri(downstream.url("/a").uri()).retrieve().body(String.class));

      OkHttpClient okHttp = context.getBean(MeshtraceOkHttp.class).instrument(new OkHttpClient());
      assertTracedCall(context, () -> execute(okHttp));

      WebClient webClient = WebClient.builder().filter(context.getBean(TracingExchangeFilterFunction.class)).build();
      assertTracedCall(context, () -> get(webClient));

      HttpClient jdk = TracingHttpClient.create(context.getBean(HttpTracing.class), HttpClient.newHttpClient());
      assertTracedCall(context, () -> send(jdk));
    });
  }

  @Test
  void webClientBuilderBeanIsTracedInsideTheApplicationsOwnFilters() {
    runner.withUserConfiguration(WebClientBuilderWithOwnFilter.class).run(context -> {
      WebClient webClient = context.getBean(WebClient.Builder.class).build();
      RecordedRequest request = assertTracedCall(context, () -> get(webClient));
      assertThat(request.getHeader("x-app")).isEqualTo("own filter ran");
      assertThat(request.getHeaders().values("x-b3-traceid")).as("ours replaced the filter's").hasSize(1);
    });
  }

  @Test
  void webClientBeanIsTracedOnce() {
    runner.withUserConfiguration(WebClientBean.class).run(context -> {
      WebClient webClient = context.getBean(WebClient.class);
      assertTracedCall(context, () -> get(webClient));
    });
  }

  @Test
  void jdkHttpClientBeanIsTraced() {
    runner.withUserConfiguration(JdkHttpClientBean.class).run(context -> {
      HttpClient client = context.getBean(HttpClient.class);
      assertThat(client).isInstanceOf(TracingHttpClient.class);
      assertTracedCall(context, () -> send(client));
    });
  }

  @Test
  void restTemplateBeanRunsItsOwnInterceptorsOutsideTracing() {
    runner.withUserConfiguration(RestTemplateWithOwnInterceptor.class).run(context -> {
      RestTemplate restTemplate = context.getBean(RestTemplate.class);
      assertOwnInterceptorRanOutsideTracing(context,
          () -> restTemplate.getForObject(downstream.url("/a").toString(), String.class));
    });
  }

  @Test
  void interceptorsAddedToBootsRestTemplateBuilderRunOutsideTracing() {
    runner.run(context -> {
      Object builder = context.getBean(BootGeneration.restTemplateBuilderClass());
      Object withOwn = builder.getClass().getMethod("additionalInterceptors", ClientHttpRequestInterceptor[].class)
          .invoke(builder, (Object) new ClientHttpRequestInterceptor[] {OWN_INTERCEPTOR});
      RestTemplate restTemplate = (RestTemplate) BootGeneration.call(withOwn, "build");
      assertOwnInterceptorRanOutsideTracing(context,
          () -> restTemplate.getForObject(downstream.url("/a").toString(), String.class));
    });
  }

  @Test
  void interceptorsAddedToBootsRestClientBuilderRunOutsideTracing() {
    runner.run(context -> {
      RestClient.Builder builder = context.getBean(RestClient.Builder.class);
      RestClient restClient = builder.requestInterceptor(OWN_INTERCEPTOR).build();
      assertOwnInterceptorRanOutsideTracing(context,
          () -> restClient.get().uri(downstream.url("/a").uri()).retrieve().body(String.class));
      RestClient fromClone = context.getBean(RestClient.Builder.class).clone()
          .requestInterceptors(interceptors -> interceptors.add(OWN_INTERCEPTOR)).build();
      assertOwnInterceptorRanOutsideTracing(context,
          () -> fromClone.get().uri(downstream.url("/a").uri()).retrieve().body(String.class));
    });
  }

  /**
   * Spring Framework 7 runs the rest of the chain again each time an interceptor calls {@code execution.execute}, so
   * each attempt gets its own span. 6.2 skips every later interceptor on the second call (Spring's behaviour): the
   * retry goes out with the first attempt's headers, and only the first attempt has a span.
   */
  @Test
  void eachAttemptOfARetryingInterceptorGetsItsOwnSpanOnSpringFramework7() {
    runner.run(context -> {
      RestClient restClient = context.getBean(RestClient.Builder.class).requestInterceptor(RETRY_ONCE_ON_503).build();
      downstream.enqueue(new MockResponse().setResponseCode(503));
      downstream.enqueue(new MockResponse().setBody("ok"));
      InMemorySpanCollector spans = context.getBean(InMemorySpanCollector.class);
      Tracer tracer = context.getBean(Tracer.class);
      Span parent = tracer.newTrace().name("parent").start();
      try (Scope scope = tracer.withSpanInScope(parent)) {
        assertThat(restClient.get().uri(downstream.url("/a").uri()).retrieve().body(String.class)).isEqualTo("ok");
      } finally {
        parent.finish();
      }
      RecordedRequest first = downstream.takeRequest(10, TimeUnit.SECONDS);
      RecordedRequest second = downstream.takeRequest(10, TimeUnit.SECONDS);
      List<MutableSpan> attempts = spans.spans(span -> span.kind() == SpanKind.CLIENT);
      if (BootGeneration.BOOT_4) {
        assertThat(attempts).extracting(span -> span.tag("http.status_code")).containsExactly("503", "200");
        assertThat(first.getHeader("x-b3-spanid")).isEqualTo(attempts.get(0).spanIdString());
        assertThat(second.getHeader("x-b3-spanid")).isEqualTo(attempts.get(1).spanIdString());
      } else {
        assertThat(attempts).extracting(span -> span.tag("http.status_code")).containsExactly("503");
        assertThat(first.getHeader("x-b3-spanid")).isEqualTo(attempts.get(0).spanIdString());
        assertThat(second.getHeader("x-b3-spanid")).isEqualTo(attempts.get(0).spanIdString());
      }
    });
  }

  /**
   * The application's interceptor saw the request before the tracing headers were written (it ran outside the
   * tracing interceptor), and the headers it set survived, except the trace header, which tracing replaced.
   */
  void assertOwnInterceptorRanOutsideTracing(AssertableApplicationContext context, ThrowingRunnable call)
      throws Exception {
    RecordedRequest request = assertTracedCall(context, call);
    assertThat(request.getHeaders().values("x-b3-traceid")).hasSize(1).doesNotContain("bogus");
    assertThat(request.getHeader("x-own")).isEqualTo("kept");
    assertThat(request.getHeader("x-saw-span-id")).as("the span ID the application's interceptor saw")
        .isEqualTo("none");
  }

  @Test
  void disabledLeavesEveryClientAlone() {
    runner.withPropertyValues("meshtrace.enabled=false")
        .withUserConfiguration(PlainRestTemplate.class, OkHttpBean.class).run(context -> {
          assertThat(context).doesNotHaveBean(TracingClientHttpRequestInterceptor.class)
              .doesNotHaveBean(MeshtraceOkHttp.class);
          assertThat(context.getBean(RestTemplate.class).getInterceptors()).isEmpty();
          assertThat(context.getBean(OkHttpClient.class).interceptors()).isEmpty();
          assertThat(context.getBean(OkHttpClient.class).networkInterceptors()).isEmpty();
        });
  }

  @Test
  void eachClientLibraryIsOptional() {
    runner.withClassLoader(new FilteredClassLoader(OkHttpClient.class)).withUserConfiguration(PlainRestTemplate.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MeshtraceOkHttp.class)
            .hasSingleBean(TracingClientHttpRequestInterceptor.class));
    runner.withClassLoader(new FilteredClassLoader(RestTemplate.class)).withUserConfiguration(OkHttpBean.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TracingClientHttpRequestInterceptor.class)
            .hasSingleBean(MeshtraceOkHttp.class));
  }

  /**
   * Makes {@code call} under a local span and checks what reached the downstream server and what was recorded: a
   * client span, child of the local span, whose IDs the request carried.
   */
  RecordedRequest assertTracedCall(AssertableApplicationContext context, ThrowingRunnable call) throws Exception {
    downstream.enqueue(new MockResponse().setBody("ok"));
    Tracer tracer = context.getBean(Tracer.class);
    InMemorySpanCollector spans = context.getBean(InMemorySpanCollector.class);
    spans.clear();
    Span parent = tracer.newTrace().name("parent").start();
    try (Scope scope = tracer.withSpanInScope(parent)) {
      call.run();
    } finally {
      parent.finish();
    }
    RecordedRequest request = downstream.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    MutableSpan client = spans.onlySpan(SpanKind.CLIENT);
    assertThat(client.parentId()).isEqualTo(parent.context().spanId());
    assertThat(request.getHeader("x-b3-traceid")).isEqualTo(parent.context().traceIdString());
    assertThat(request.getHeader("x-b3-spanid")).isEqualTo(client.spanIdString());
    assertThat(request.getHeader("x-b3-parentspanid")).isEqualTo(parent.context().spanIdString());
    assertThat(request.getHeaders().values("traceparent")).hasSize(1);
    return request;
  }

  void get(WebClient client) {
    assertThat(client.get().uri(downstream.url("/a").uri()).retrieve().toBodilessEntity()
        .block(Duration.ofSeconds(10)).getStatusCode().value()).isEqualTo(200);
  }

  void send(HttpClient client) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(downstream.url("/a").uri()).timeout(Duration.ofSeconds(10)).build();
    assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
  }

  @Configuration(proxyBeanMethods = false)
  static class WebClientBuilderWithOwnFilter {
    @Bean
    @org.springframework.context.annotation.Scope("prototype")
    WebClient.Builder webClientBuilder() {
      return WebClient.builder().filter((request, next) -> next.exchange(ClientRequest.from(request)
          .header("x-app", "own filter ran").header("x-b3-traceid", "00000000000000000000000000000bad").build()));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class WebClientBean {
    @Bean
    WebClient webClient() {
      return WebClient.create();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class JdkHttpClientBean {
    @Bean
    HttpClient httpClient() {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
  }

  void execute(OkHttpClient client) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(downstream.url("/a")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Configuration(proxyBeanMethods = false)
  static class PlainRestTemplate {
    @Bean
    RestTemplate restTemplate() {
      return new RestTemplate();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class RestTemplateFromBuilder {
    @Bean
    RestTemplate restTemplate(BeanFactory beanFactory) {
      return (RestTemplate) BootGeneration.call(beanFactory.getBean(BootGeneration.restTemplateBuilderClass()),
          "build");
    }
  }

  /**
   * Sets a header of its own, a bogus trace header, and a header naming the span ID the request carries when it
   * runs ("none" before tracing wrote one).
   */
  static final ClientHttpRequestInterceptor OWN_INTERCEPTOR = (request, body, execution) -> {
    String spanId = request.getHeaders().getFirst("x-b3-spanid");
    request.getHeaders().set("x-saw-span-id", spanId == null ? "none" : spanId);
    request.getHeaders().set("x-b3-traceid", "bogus");
    request.getHeaders().set("x-own", "kept");
    return execution.execute(request, body);
  };

  /** Tries once more when the answer is 503. */
  static final ClientHttpRequestInterceptor RETRY_ONCE_ON_503 = (request, body, execution) -> {
    ClientHttpResponse response = execution.execute(request, body);
    if (response.getStatusCode().value() != 503) return response;
    response.close();
    return execution.execute(request, body);
  };

  @Configuration(proxyBeanMethods = false)
  static class RestTemplateWithOwnInterceptor {
    @Bean
    RestTemplate restTemplate() {
      RestTemplate restTemplate = new RestTemplate();
      restTemplate.getInterceptors().add(OWN_INTERCEPTOR);
      return restTemplate;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OkHttpBean {
    @Bean
    OkHttpClient okHttpClient() {
      return new OkHttpClient();
    }
  }
}
