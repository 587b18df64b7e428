package dev.meshtrace.examples.bookinfo.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshtrace.Tracing;
import dev.meshtrace.diagnostics.Diagnostics;
import dev.meshtrace.diagnostics.OrphanCallSite;
import dev.meshtrace.examples.bookinfo.BookinfoApplication;
import dev.meshtrace.examples.bookinfo.BookinfoService;
import dev.meshtrace.examples.bookinfo.ProductViews;
import dev.meshtrace.handler.LoggingSpanHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.system.ApplicationHome;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What {@code java -jar bookinfo.jar} does: starts the real Zipkin, runs the four services in this process, sends
 * {@code productpage} a request as an Envoy sidecar would, one with only {@code traceparent} and one with no trace
 * headers, reads each trace back from Zipkin and prints it as a waterfall with its link in Zipkin's UI; then a trace
 * broken on purpose (reviews calls ratings from an unwrapped executor) with what reviews' diagnostics say of it, and
 * the same request with the executor wrapped. Then it
 * stays up until Ctrl-C, or with {@code --once} exits: 0 when every trace came back whole, 1 when one is missing
 * spans or services, 2 when there was nothing to check (no Zipkin, or a service failed to start).
 *
 * <p>With {@code --kafka} it also starts a real Kafka broker, Zipkin reads it with its Kafka collector, and every
 * service sends its spans to the broker's {@code zipkin} topic instead of posting them to Zipkin; and each request
 * gets an asynchronous hop: productpage publishes the view to a topic, reviews consumes it and calls details
 * ({@link ProductViews}), in the same trace.
 */
public final class Demo {
  static final int COMPLETE = 0;
  static final int INCOMPLETE = 1;
  static final int UNAVAILABLE = 2;
  /** A request to productpage makes a server span in each service and a client span per call: 4 + 3. */
  static final int EXPECTED_SPANS = 7;
  /**
   * With {@code --kafka}, the product view adds a producer span (productpage), a consumer span and a client span
   * (reviews) and a server span (details).
   */
  static final int EXPECTED_SPANS_WITH_VIEWS = EXPECTED_SPANS + 4;
  static final int EXPECTED_SERVICES = BookinfoService.values().length;
  private static final String SPANS_PATH = "/api/v2/spans";
  private static final String PAGE = "/productpage?product=0";
  /** {@code --kafka}: spans go through a Kafka broker the demo starts. */
  static final String KAFKA_FLAG = "kafka";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final StandardEnvironment commandLine = new StandardEnvironment();
  private final String[] args;

  private Demo(String[] args, PrintStream out) {
    this.args = args;
    this.out = out;
    commandLine.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
  }

  /** Runs the demo with {@code args} and returns the exit code (it returns only with {@code --once}). */
  public static int run(String[] args) {
    return new Demo(args, System.out).run();
  }

  private int run() {
    boolean once = commandLine.containsProperty("once");
    KafkaBroker kafka = null;
    if (commandLine.containsProperty(KAFKA_FLAG)) {
      kafka = kafkaOrNull();
      if (kafka == null) return UNAVAILABLE;
    }
    ZipkinServer zipkin = zipkinOrNull(kafka);
    boolean logSpans = zipkin == null;
    Mesh mesh;
    long started = System.nanoTime();
    try {
      out.print("Starting productpage, details, reviews and ratings ... ");
      out.flush();
      mesh = Mesh.start(args, commandLine, serviceDefaults(logSpans), serviceOverrides(zipkin, kafka), context -> {
        if (logSpans) ((GenericApplicationContext) context).registerBean(LoggingSpanHandler.class);
      });
    } catch (RuntimeException e) {
      out.println();
      out.println("A service failed to start: " + e.getMessage());
      close(zipkin, kafka);
      return UNAVAILABLE;
    }
    out.printf("ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
    if (kafka != null && zipkin != null) {
      out.println("Their spans go to the Kafka topic zipkin at " + kafka.bootstrapServers()
          + ", which Zipkin's Kafka collector reads.");
    }
    List<SentRequest> sent = send(mesh.url(BookinfoService.PRODUCTPAGE));
    int code;
    if (logSpans) {
      out.println("Their spans are in the log above: without Zipkin there is no trace to read back.");
      code = UNAVAILABLE;
    } else {
      code = report(zipkin.api(), sent, mesh.bean(BookinfoService.REVIEWS, Tracing.class),
          kafka == null ? EXPECTED_SPANS : EXPECTED_SPANS_WITH_VIEWS);
    }
    if (once) {
      mesh.close();
      close(zipkin, kafka);
      return code;
    }
    out.println();
    out.println("Up until Ctrl-C. Try: curl '" + mesh.url(BookinfoService.PRODUCTPAGE) + PAGE + "'");
    if (kafka != null) out.println("Kafka: " + kafka.bootstrapServers() + ", topic zipkin");
    if (zipkin != null) out.println("Zipkin UI: " + zipkin.api().baseUrl() + "/zipkin/");
    awaitShutdown();
    return code;
  }

  /**
   * Properties of every service that the command line may change: warnings only (such as a failed downstream
   * call), so that the traces stand out; with no Zipkin, the spans too.
   */
  private static Map<String, Object> serviceDefaults(boolean logSpans) {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("logging.level.root", "WARN");
    // One process, one Logback: the name of the service that started last would be on every line.
    defaults.put("logging.include-application-name", "false");
    if (logSpans) defaults.put("logging.level." + LoggingSpanHandler.class.getName(), "INFO");
    return defaults;
  }

  /** Properties of every service that the demo decides: where spans go (Zipkin's HTTP API, or Kafka). */
  private static Map<String, String> serviceOverrides(ZipkinServer zipkin, KafkaBroker kafka) {
    Map<String, String> overrides = new HashMap<>();
    if (zipkin == null) {
      overrides.put("meshtrace.zipkin.enabled", "false");
    } else if (kafka != null) {
      overrides.put("meshtrace.zipkin.sender", "kafka");
      overrides.put("meshtrace.zipkin.kafka.bootstrap-servers", kafka.bootstrapServers());
    } else {
      overrides.put("meshtrace.zipkin.endpoint", zipkin.api().spansEndpoint());
    }
    if (kafka != null) {
      overrides.put(ProductViews.ENABLED_PROPERTY, "true");
      overrides.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
      overrides.put("spring.kafka.consumer.auto-offset-reset", "earliest"); // views sent before reviews joined too
    }
    return overrides;
  }

  /** The demo's Kafka broker, or null (having said why) when it cannot start. */
  private KafkaBroker kafkaOrNull() {
    String lib = commandLine.getProperty("bookinfo.kafka-lib");
    Path path = lib != null ? Path.of(lib)
        : new ApplicationHome(BookinfoApplication.class).getDir().toPath().resolve("kafka-broker");
    try {
      return KafkaBroker.start(path, out);
    } catch (KafkaUnavailableException e) {
      out.println("Kafka is not available: " + e.getMessage());
      return null;
    }
  }

  private static void close(ZipkinServer zipkin, KafkaBroker kafka) {
    if (zipkin != null) zipkin.close();
    if (kafka != null) kafka.close();
  }

  /** The demo's Zipkin, or null (having said why) when there is none. */
  private ZipkinServer zipkinOrNull(KafkaBroker kafka) {
    try {
      return zipkin(kafka);
    } catch (ZipkinUnavailableException e) {
      out.println("Zipkin is not available: " + e.getMessage());
      out.println("Falling back: each service prints its spans to the log instead.");
      return null;
    }
  }

  /**
   * The Zipkin at {@code meshtrace.zipkin.endpoint} when given, else one started from zipkin-server.jar, reading
   * {@code kafka} when there is one.
   */
  private ZipkinServer zipkin(KafkaBroker kafka) throws ZipkinUnavailableException {
    String endpoint = commandLine.getProperty("meshtrace.zipkin.endpoint");
    if (endpoint != null && kafka != null) {
      throw new ZipkinUnavailableException("--" + KAFKA_FLAG + " starts a Zipkin that reads the demo's broker: "
          + "leave out meshtrace.zipkin.endpoint");
    }
    if (endpoint != null) {
      if (!endpoint.endsWith(SPANS_PATH)) {
        throw new ZipkinUnavailableException("meshtrace.zipkin.endpoint must end with " + SPANS_PATH
            + " for the demo to read traces back; was '" + endpoint + "'");
      }
      return ZipkinServer.existing(endpoint.substring(0, endpoint.length() - SPANS_PATH.length()));
    }
    String jar = commandLine.getProperty("bookinfo.zipkin-jar");
    Path path = jar != null ? Path.of(jar)
        : new ApplicationHome(BookinfoApplication.class).getDir().toPath().resolve("zipkin-server.jar");
    return ZipkinServer.start(path,
        kafka == null ? Map.of() : Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()), out);
  }

  private List<SentRequest> send(String productPageUrl) {
    out.println("Sending " + productPageUrl + PAGE + ":");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<DemoRequest> requests = new ArrayList<>(DemoRequest.standard());
    requests.addAll(DemoRequest.brokenThenFixed());
    List<SentRequest> sent = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      DemoRequest request = requests.get(i);
      String page = request.ratingsExecutor() == null ? PAGE : PAGE + "&ratings-executor=" + request.ratingsExecutor();
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(productPageUrl + page))
          .timeout(Duration.ofSeconds(10));
      request.headers().forEach(builder::header);
      long sentMicros = nowMicros();
      SentRequest result;
      try {
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        result = new SentRequest(request, response.statusCode(), response.body(), sentMicros, nowMicros());
      } catch (IOException e) {
        result = new SentRequest(request, 0, e.toString(), sentMicros, nowMicros());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sent.add(result);
      out.printf("  %d. %-62s %s%n", i + 1, request.description(), outcome(result));
    }
    return sent;
  }

  /**
   * Prints each trace as Zipkin has it, and after the trace broken on purpose what reviews' diagnostics say of it;
   * the exit code for {@code --once}: that trace counts as expected when ratings is missing from it and the
   * diagnostics name the call.
   */
  private int report(ZipkinApi api, List<SentRequest> sent, Tracing reviewsTracing, int expectedSpans) {
    TraceCollector collector = new TraceCollector(api, BookinfoService.PRODUCTPAGE.serviceName(), expectedSpans);
    Waterfall waterfall = new Waterfall(unicodeOutput());
    Set<String> traceIds = new HashSet<>();
    for (SentRequest request : sent) {
      if (request.request().traceId() != null) traceIds.add(request.request().traceId());
    }
    int code = COMPLETE;
    for (int i = 0; i < sent.size(); i++) {
      SentRequest request = sent.get(i);
      out.println();
      out.println("Trace " + (i + 1) + ": " + request.request().description());
      List<ZipkinSpan> spans;
      try {
        spans = collector.collect(request, traceIds);
      } catch (IOException e) {
        out.println("  could not read it from Zipkin: " + e.getMessage());
        code = INCOMPLETE;
        continue;
      }
      if (spans.isEmpty()) {
        out.println("  no spans arrived in Zipkin");
        code = INCOMPLETE;
        continue;
      }
      TraceTree trace = new TraceTree(spans);
      String traceId = spans.get(0).traceId();
      traceIds.add(traceId);
      out.println("  " + identity(trace, traceId));
      for (String line : waterfall.render(trace)) out.println("  " + line);
      boolean complete = spans.size() >= expectedSpans && trace.services().size() >= EXPECTED_SERVICES;
      if (request.request().brokenOnPurpose()) {
        out.printf("  %d of %d spans, %d of %d services: broken on purpose (ratings' spans are in a trace of their own)%n",
            spans.size(), expectedSpans, trace.services().size(), EXPECTED_SERVICES);
        out.println("  " + api.traceUiUrl(traceId));
        if (complete || !printDiagnostics(reviewsTracing.diagnostics())) code = INCOMPLETE;
        continue;
      }
      if (!complete) code = INCOMPLETE;
      out.printf("  %d of %d spans, %d of %d services: %s%n", spans.size(), expectedSpans, trace.services().size(),
          EXPECTED_SERVICES, complete ? "complete" : "INCOMPLETE");
      out.println("  " + api.traceUiUrl(traceId));
    }
    return code;
  }

  /** Prints what reviews' {@code tracing.diagnostics()} says of the broken call; whether it names the call site. */
  private boolean printDiagnostics(Diagnostics diagnostics) {
    for (OrphanCallSite site : diagnostics.callSites()) {
      if (!site.location().contains("RatingsClient") && (site.entry() == null || !site.entry().contains("Reviews"))) {
        continue;
      }
      out.println("  reviews' tracing.diagnostics(): orphan call " + site.request() + " " + site.host() + " ("
          + site.adapter() + "), " + site.count() + " so far");
      out.println("    at " + site.location());
      if (site.entry() != null) out.println("    in the task " + site.entry());
      out.println("    on thread " + site.thread() + " (" + site.threadKind().name().toLowerCase(Locale.ROOT) + ")");
      out.println("    fix: " + site.fix());
      return true;
    }
    out.println("  reviews' tracing.diagnostics() lists no orphan call for it");
    return false;
  }

  /** The trace ID, the request ID on the entry span, and the caller's span when the root has a parent. */
  private static String identity(TraceTree trace, String traceId) {
    StringBuilder line = new StringBuilder("trace ID ").append(traceId);
    ZipkinSpan root = trace.roots().get(0);
    String requestId = root.tag("guid:x-request-id");
    if (requestId != null) line.append("   x-request-id ").append(requestId);
    if (root.parentId() != null) line.append("   caller's span ").append(root.parentId()).append(" (not reported here)");
    return line.toString();
  }

  private static String outcome(SentRequest sent) {
    if (sent.status() == 0) return "failed: " + sent.body();
    String result = String.format("HTTP %d in %d ms", sent.status(), (sent.answeredMicros() - sent.sentMicros()) / 1000);
    List<String> errors = errors(sent.body());
    return errors.isEmpty() ? result : result + ", degraded: " + String.join("; ", errors);
  }

  /** The {@code error} messages anywhere in a JSON body: the parts of the page that a service failed to give. */
  private static List<String> errors(String body) {
    try {
      JsonNode page = JSON.readTree(body);
      return page == null ? List.of() : page.findValuesAsText("error").stream().distinct().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static boolean unicodeOutput() {
    String encoding = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
    try {
      Charset charset = encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
      return charset.newEncoder().canEncode('\u2588');
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  private static void awaitShutdown() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
