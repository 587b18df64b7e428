package dev.meshtrace.benchmarks.requestpath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request-path benchmark (BENCHMARKS.md, "Request path"). Starts the service once per variant, side by side:
 * {@code off} (meshtrace disabled) and {@code off-again} (the same, the A/A control that states the run's noise),
 * {@code on} (meshtrace, every request sampled, Zipkin JSON with gzip to a sink that discards it),
 * {@code unsampled} (probability 0), {@code forward} (forward mode), and the peers {@code brave} (Spring Boot's own
 * Micrometer Tracing over Brave) and {@code otel} (OpenTelemetry's Spring Boot starter), every request sampled, to
 * the same sink. Then, in each round, loads each variant in turn (the order rotating from round to round, so that
 * drift of the machine hits every variant alike): a warm-up, then a measured phase at a fixed concurrency, after a
 * longer first warm-up of every variant. Per phase: requests/s, p50 and p99 latency at the client, the process's
 * CPU time per request and the bytes the whole JVM allocated per request. Prints each variant's medians and its
 * ratios to {@code off} of the same round (median, lowest and highest over the rounds), and writes them as
 * Markdown.
 *
 * <p>Arguments, all optional, as {@code name=value}: {@code rounds} (9), {@code prewarm} (seconds of load per
 * variant before the first round, for the JIT compilers, 30), {@code warmup} (seconds before each measured phase, 5),
 * {@code measure} (seconds, 10), {@code concurrency} (8), {@code variants} (comma-separated, all),
 * {@code out} (the Markdown file, {@code benchmarks/request-path/harness/target/request-path.md}).
 */
public final class RequestPathHarness {
  static final Path APPS = Path.of("benchmarks", "request-path");
  private static final String BASELINE = "off";

  private RequestPathHarness() {}

  /** One variant: the app module whose class path it runs, and its properties. */
  record Variant(String name, String app, List<String> properties, String description) {}

  /** What one measured phase of one variant gave. */
  record Phase(double requestsPerSecond, double p50Millis, double p99Millis, double cpuMicrosPerRequest,
      double allocatedBytesPerRequest, long errors) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args, Map.of("rounds", "9", "prewarm", "30", "warmup", "5",
        "measure", "10", "concurrency", "8", "variants", "off,off-again,on,unsampled,forward,brave,otel",
        "out", APPS.resolve("harness/target/request-path.md").toString()));
    int rounds = Integer.parseInt(options.get("rounds"));
    Duration prewarm = Duration.ofSeconds(Long.parseLong(options.get("prewarm")));
    Duration warmup = Duration.ofSeconds(Long.parseLong(options.get("warmup")));
    Duration measure = Duration.ofSeconds(Long.parseLong(options.get("measure")));
    int concurrency = Integer.parseInt(options.get("concurrency"));
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    try (Backends backends = new Backends()) {
      List<Variant> variants = variants(backends, List.of(options.get("variants").split(",")));
      List<ServiceJvm> jvms = new ArrayList<>();
      try {
        for (Variant variant : variants) {
          jvms.add(ServiceJvm.start(variant.name(), APPS.resolve(variant.app()).resolve("target/classpath.txt"),
              variant.properties(), APPS.resolve("harness/target/logs")));
        }
        for (ServiceJvm jvm : jvms) jvm.awaitReady(Duration.ofMinutes(3));
        Load load = new Load(concurrency);
        for (int v = 0; v < jvms.size(); v++) check(variants.get(v), jvms.get(v), backends, load);
        // Each JVM's JIT compilers get this long at full load before any round counts.
        for (ServiceJvm jvm : jvms) load.run(jvm.uri("/reviews/1"), prewarm);

        Map<String, List<Phase>> phases = new LinkedHashMap<>();
        for (Variant variant : variants) phases.put(variant.name(), new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
          for (int i = 0; i < jvms.size(); i++) {
            ServiceJvm jvm = jvms.get((i + round) % jvms.size());
            load.run(jvm.uri("/reviews/1"), warmup);
            Phase phase = measure(jvm, load, measure);
            phases.get(jvm.name).add(phase);
            System.out.printf(Locale.ROOT, "round %d %-10s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  "
                    + "%7.1f us CPU/req  %8.0f B/req  errors %d%n", round + 1, jvm.name, phase.requestsPerSecond(),
                phase.p50Millis(), phase.p99Millis(), phase.cpuMicrosPerRequest(), phase.allocatedBytesPerRequest(),
                phase.errors());
          }
        }
        String report = RequestPathReport.markdown(started, options, variants.stream()
            .map(v -> Map.entry(v.name(), v.description())).toList(), phases, BASELINE);
        System.out.println();
        System.out.println(report);
        Path out = Path.of(options.get("out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("Written to " + out);
      } finally {
        jvms.forEach(ServiceJvm::close);
      }
    }
  }

  /**
   * {@code defaults} with the {@code name=value} arguments in their place; fails on an argument that is not
   * {@code name=value} or names no default.
   */
  static Map<String, String> options(String[] args, Map<String, String> defaults) {
    Map<String, String> options = new LinkedHashMap<>(defaults);
    for (String arg : args) {
      String[] nameValue = arg.split("=", 2);
      if (nameValue.length != 2 || !options.containsKey(nameValue[0])) {
        throw new IllegalArgumentException("unknown argument " + arg + "; known: " + options.keySet());
      }
      options.put(nameValue[0], nameValue[1]);
    }
    return options;
  }

  static List<Variant> variants(Backends backends, List<String> names) {
    List<String> common = List.of("--ratings.url=" + backends.baseUrl());
    Map<String, Variant> all = new LinkedHashMap<>();
    all.put("off", new Variant("off", "meshtrace-app", with(common, "--meshtrace.enabled=false"),
        "meshtrace on the class path, `meshtrace.enabled=false`: the untraced service"));
    all.put("off-again", new Variant("off-again", "meshtrace-app", with(common, "--meshtrace.enabled=false"),
        "the same as `off` in a JVM of its own: the A/A control"));
    all.put("on", new Variant("on", "meshtrace-app", with(common, "--meshtrace.zipkin.endpoint=" + backends.sinkUrl("on")),
        "meshtrace's defaults, every request sampled, Zipkin JSON with gzip to the sink"));
    all.put("unsampled", new Variant("unsampled", "meshtrace-app", with(common,
        "--meshtrace.zipkin.endpoint=" + backends.sinkUrl("unsampled"), "--meshtrace.sampling.probability=0"),
        "meshtrace, `meshtrace.sampling.probability=0`"));
    all.put("forward", new Variant("forward", "meshtrace-app", with(common, "--meshtrace.mode=forward",
        "--meshtrace.zipkin.endpoint=" + backends.sinkUrl("forward")), "meshtrace, `meshtrace.mode=forward`"));
    all.put("brave", new Variant("brave", "brave-app", with(common, "--management.tracing.sampling.probability=1.0",
        "--management.tracing.export.zipkin.endpoint=" + backends.sinkUrl("brave")),
        "Spring Boot 4 with Micrometer Tracing over Brave and zipkin-reporter, every request sampled, to the sink"));
    all.put("otel", new Variant("otel", "otel-app", with(common, "--otel.traces.exporter=otlp",
        "--otel.exporter.otlp.traces.protocol=http/protobuf",
        "--otel.exporter.otlp.traces.endpoint=" + backends.sinkUrl("otel"), "--otel.exporter.otlp.compression=gzip",
        "--otel.metrics.exporter=none", "--otel.logs.exporter=none", "--otel.traces.sampler=always_on"),
        "OpenTelemetry's Spring Boot starter 2.31.1, every request sampled, OTLP/HTTP protobuf with gzip to the "
            + "sink (its Zipkin exporter ended at 1.55, which the starter's SDK no longer runs)"));
    List<Variant> chosen = new ArrayList<>();
    for (String name : names) {
      Variant variant = all.get(name.trim());
      if (variant == null) throw new IllegalArgumentException("unknown variant " + name + "; known: " + all.keySet());
      chosen.add(variant);
    }
    if (!chosen.get(0).name().equals(BASELINE)) throw new IllegalArgumentException("the first variant must be off");
    return chosen;
  }

  private static List<String> with(List<String> common, String... properties) {
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(properties));
    return all;
  }

  /**
   * Fails unless the variant does what its name says: meshtrace forwards {@code x-request-id} unless it is off; a
   * sampled variant sends trace headers downstream and reports to the sink. {@code off} does none of these.
   */
  private static void check(Variant variant, ServiceJvm jvm, Backends backends, Load load) throws Exception {
    long sinkBefore = backends.sinkBytes(variant.name());
    load.run(jvm.uri("/reviews/1"), Duration.ofSeconds(3));
    Map<String, String> headers = backends.lastMeshHeaders.get();
    boolean requestId = headers.containsKey("x-request-id");
    boolean traceHeaders = headers.containsKey("traceparent") || headers.containsKey("x-b3-traceid")
        || headers.containsKey("b3");
    Thread.sleep(2_000); // reporters flush within a second
    boolean reports = backends.sinkBytes(variant.name()) > sinkBefore;
    String name = variant.name();
    boolean off = name.startsWith("off");
    boolean ok = switch (name) {
      case "off", "off-again" -> !requestId && !traceHeaders && !reports;
      case "on" -> requestId && traceHeaders && reports;
      case "unsampled" -> requestId && !reports;
      case "forward" -> requestId && !reports;
      case "brave", "otel" -> traceHeaders && reports;
      default -> throw new IllegalArgumentException(name);
    };
    if (!ok) {
      throw new IllegalStateException(name + " does not do what its name says: downstream saw " + headers + ", "
          + (reports ? "" : "no ") + "spans at the sink" + (off ? "" : "; see its log"));
    }
    System.out.println(name + ": checked, downstream saw " + headers + (reports ? ", spans at the sink" : ""));
  }

  private static Phase measure(ServiceJvm jvm, Load load, Duration duration) throws Exception {
    long cpuBefore = jvm.cpuNanos();
    long allocatedBefore = jvm.allocatedBytes();
    long start = System.nanoTime();
    Load.Result result = load.run(jvm.uri("/reviews/1"), duration);
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpu = jvm.cpuNanos() - cpuBefore;
    long allocated = jvm.allocatedBytes() - allocatedBefore;
    long requests = Math.max(1, result.requests());
    return new Phase(result.requests() / seconds, result.percentileNanos(50) / 1e6,
        result.percentileNanos(99) / 1e6, cpu / 1e3 / requests, (double) allocated / requests, result.errors());
  }
}
