package com.example.orphans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshtrace.Tracing;
import dev.meshtrace.diagnostics.Diagnostics;
import dev.meshtrace.diagnostics.OrphanCallCount;
import dev.meshtrace.diagnostics.OrphanCallSettings;
import dev.meshtrace.diagnostics.OrphanCallSite;
import dev.meshtrace.diagnostics.ThreadKind;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.LoopbackHttpServer;
import dev.meshtrace.http.conformance.RecordedRequest;
import dev.meshtrace.jdk.httpclient.TracingHttpClient;
import dev.meshtrace.servlet.TracingFilter;
import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Orphan calls end to end: a traced inbound request on Jetty (through {@link TracingFilter}) whose application calls
 * a downstream server through a real {@link TracingHttpClient}, losing the context in each of the common ways, and
 * keeping it in the right ones. What is asserted: that the trace really broke at the next hop, what
 * {@code tracing.diagnostics()} reports and the WARN line the application's log gets.
 */
class OrphanCallsEndToEndTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String SITE = "com.example.orphans.ReviewsServlet.fetchRatings(ReviewsServlet.java:";

  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final HttpClient plainClient = HttpClient.newHttpClient();
  final List<LogRecord> warnings = new ArrayList<>();
  final Handler logHandler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (warnings) {
        warnings.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  LoopbackHttpServer ratings;
  Server jetty;
  Tracing tracing;
  int port;

  @BeforeEach
  void captureWarnings() throws Exception {
    Logger logger = Logger.getLogger(Diagnostics.LOGGER);
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(logHandler);
    ratings = new LoopbackHttpServer();
  }

  @AfterEach
  void stop() throws Exception {
    Logger logger = Logger.getLogger(Diagnostics.LOGGER);
    logger.removeHandler(logHandler);
    logger.setUseParentHandlers(true);
    try {
      if (jetty != null) jetty.stop();
    } finally {
      ratings.close();
      if (tracing != null) tracing.close();
    }
  }

  void start(OrphanCallSettings settings) throws Exception {
    tracing = Tracing.newBuilder().serviceName("reviews").orphanCalls(settings).addSpanHandler(spans).build();
    HttpTracing httpTracing = HttpTracing.create(tracing);
    HttpClient client = TracingHttpClient.create(httpTracing, HttpClient.newHttpClient());
    ReviewsServlet servlet = new ReviewsServlet(tracing, client, ratings.uri("/ratings/7"));
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/app");
    ServletContainerInitializer initializer = (classes, servletContext) -> {
      TracingFilter.create(httpTracing).addTo(servletContext);
      servletContext.addServlet("reviews", servlet).addMapping("/reviews/*");
    };
    context.addServletContainerInitializer(initializer);
    jetty.setHandler(context);
    jetty.start();
    port = connector.getLocalPort();
  }

  /** A traced inbound request to {@code /app/reviews/<path>}; returns what the downstream server received. */
  RecordedRequest inbound(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app/reviews/" + path))
        .header("b3", TRACE_ID + "-a2fb4a1d1a96d312-1").timeout(WAIT).build();
    assertThat(plainClient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    return ratings.takeRequest(WAIT);
  }

  String ratingsHost() {
    return "127.0.0.1:" + ratings.port();
  }

  List<String> warningLines() {
    synchronized (warnings) {
      return warnings.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    }
  }

  @Test
  void anUnwrappedExecutorBreaksTheTraceAndIsReportedOnceWithItsTaskAndTheExecutorFix() throws Exception {
    start(OrphanCallSettings.defaults());

    RecordedRequest received = inbound("executor");
    assertThat(received.single("x-b3-traceid")).as("the trace broke at the next hop").isNotEqualTo(TRACE_ID);
    inbound("executor");

    Diagnostics diagnostics = tracing.diagnostics();
    assertThat(diagnostics.orphanCalls()).containsExactly(new OrphanCallCount("jdk-httpclient", ratingsHost(), 2));
    OrphanCallSite site = onlySite(diagnostics);
    assertThat(site.location()).startsWith(SITE);
    assertThat(site.applicationFrame()).isTrue();
    assertThat(site.entry()).startsWith("com.example.orphans.ReviewsServlet.lambda$unwrappedExecutor$")
        .contains("(ReviewsServlet.java:");
    assertThat(site.thread()).startsWith("pool-");
    assertThat(site.threadKind()).isEqualTo(ThreadKind.POOLED);
    assertThat(site.request()).isEqualTo("GET");
    assertThat(site.host()).isEqualTo(ratingsHost());
    assertThat(site.count()).isEqualTo(2);
    assertThat(site.lastSeen()).isAfterOrEqualTo(site.firstSeen());
    assertThat(site.jdk()).isEqualTo(Runtime.version().toString());
    assertThat(site.fix()).isEqualTo("wrap the executor with tracing.currentTraceContext().executorService(...)");

    assertThat(warningLines()).as("once per site").singleElement().satisfies(line -> assertThat(line)
        .startsWith("outbound GET " + ratingsHost() + " (jdk-httpclient) made with no trace context at " + SITE)
        .contains(" in the task com.example.orphans.ReviewsServlet.lambda$unwrappedExecutor$")
        .contains(" on thread " + site.thread() + " (pooled, ")
        .contains("JDK " + Runtime.version())
        .endsWith("; wrap the executor with tracing.currentTraceContext().executorService(...)"));
  }

  @Test
  void aThreadStartedByHandIsReportedAsNewWithTheWrapFix() throws Exception {
    start(OrphanCallSettings.defaults());

    assertThat(inbound("thread").single("x-b3-traceid")).isNotEqualTo(TRACE_ID);

    OrphanCallSite site = onlySite(tracing.diagnostics());
    assertThat(site.entry()).startsWith("com.example.orphans.ReviewsServlet.lambda$newThread$");
    assertThat(site.thread()).isEqualTo("reviews-worker");
    assertThat(site.threadKind()).isEqualTo(ThreadKind.NEW);
    assertThat(site.fix()).isEqualTo("wrap the thread's task with tracing.currentTraceContext().wrap(...) before"
        + " starting it");
    assertThat(warningLines()).singleElement().asString().contains("on thread reviews-worker (new, ")
        .endsWith("; " + site.fix());
  }

  @Test
  void supplyAsyncWithoutAnExecutorIsReportedWithTheExecutorArgumentFix() throws Exception {
    start(OrphanCallSettings.defaults());

    assertThat(inbound("supply-async").single("x-b3-traceid")).isNotEqualTo(TRACE_ID);

    OrphanCallSite site = onlySite(tracing.diagnostics());
    assertThat(site.entry()).startsWith("com.example.orphans.ReviewsServlet.lambda$supplyAsyncWithoutExecutor$");
    assertThat(site.fix()).isEqualTo("give the async stage a traced executor: CompletableFuture.supplyAsync(task,"
        + " tracing.currentTraceContext().executor(executor))");
    // The common pool, or a thread per task where its parallelism is below 2 (a machine with 2 cores or fewer).
    assertThat(site.threadKind()).isIn(ThreadKind.POOLED, ThreadKind.NEW);
  }

  @Test
  void aVirtualThreadStartedByHandIsReportedAsVirtual() throws Exception {
    int feature = Runtime.version().feature();
    assumeTrue(feature >= 21, "virtual threads need JDK 21 or later (CI's JDK 25 step runs this); this is JDK "
        + feature);
    start(OrphanCallSettings.defaults());

    assertThat(inbound("virtual").single("x-b3-traceid")).isNotEqualTo(TRACE_ID);

    OrphanCallSite site = onlySite(tracing.diagnostics());
    assertThat(site.entry()).startsWith("com.example.orphans.ReviewsServlet.lambda$virtualThread$");
    assertThat(site.threadKind()).isEqualTo(ThreadKind.VIRTUAL);
    assertThat(site.fix()).contains("tracing.currentTraceContext().wrap(...)");
    assertThat(warningLines()).singleElement().asString().contains("(virtual, ");
  }

  @Test
  void backgroundThreadsByNameOrPackageAreNotOrphansWhileOtherThreadsStillAre() throws Exception {
    start(new OrphanCallSettings(true, List.of("nightly-job-*", "com.example.orphans.jobs.*"), 100));

    assertThat(inbound("nightly-thread").single("x-b3-traceid")).isNotEqualTo(TRACE_ID);
    assertThat(inbound("nightly-package").single("x-b3-traceid")).isNotEqualTo(TRACE_ID);
    assertThat(tracing.diagnostics().orphanCalls()).isEmpty();

    inbound("executor"); // the same pool thread that ran the background job, now running an ordinary task
    assertThat(tracing.diagnostics().orphanCalls())
        .containsExactly(new OrphanCallCount("jdk-httpclient", ratingsHost(), 1));
    assertThat(warningLines()).hasSize(1);
  }

  @Test
  void correctlyTracedPathsAreNoOrphans() throws Exception {
    start(OrphanCallSettings.defaults());

    assertThat(inbound("same-thread").single("x-b3-traceid")).isEqualTo(TRACE_ID);
    assertThat(inbound("wrapped").single("x-b3-traceid")).isEqualTo(TRACE_ID); // executorService(...)
    assertThat(ratings.takeRequest(WAIT).single("x-b3-traceid")).isEqualTo(TRACE_ID); // supplyAsync(executor(...))
    assertThat(tracing.diagnostics().orphanCalls()).isEmpty();
    assertThat(warningLines()).isEmpty();

    inbound("executor"); // the detector was on all along
    assertThat(tracing.diagnostics().totalOrphanCalls()).isEqualTo(1);
  }

  @Test
  void detectionOffCountsAndLogsNothing() throws Exception {
    start(OrphanCallSettings.disabled());

    assertThat(inbound("executor").single("x-b3-traceid")).isNotEqualTo(TRACE_ID);

    Diagnostics diagnostics = tracing.diagnostics();
    assertThat(diagnostics.orphanCalls()).isEmpty();
    assertThat(diagnostics.callSites()).isEmpty();
    assertThat(warningLines()).isEmpty();
    assertThat(diagnostics.configuration().get("orphanCalls"))
        .isEqualTo(java.util.Map.of("enabled", false, "backgroundThreads", List.of(), "maxCallSites", 100));
  }

  static OrphanCallSite onlySite(Diagnostics diagnostics) {
    assertThat(diagnostics.callSites()).hasSize(1);
    return diagnostics.callSites().get(0);
  }
}
