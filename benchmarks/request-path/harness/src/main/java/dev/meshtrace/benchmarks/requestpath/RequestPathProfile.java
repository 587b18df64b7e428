package dev.meshtrace.benchmarks.requestpath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Profiles one variant of the request-path benchmark under the harness's load: starts it with the same backends,
 * warms it up, then samples every thread of the process (request threads, the reporter, GC and JIT compiler
 * threads, native frames included) with async-profiler's per-thread CPU timers for a fixed time ({@code event=cpu}),
 * or the bytes its Java threads allocate ({@code event=alloc}), and writes the samples as collapsed stacks, a flame
 * graph (SVG) and a Markdown table of where they went ({@link CpuBreakdown}). The profiler's library is attached
 * through {@code jcmd JVMTI.agent_load}, so the variant runs exactly as in the harness until the recording starts.
 * Usage (after building the app modules, see README): {@code java -cp benchmarks/request-path/harness/target/classes
 * dev.meshtrace.benchmarks.requestpath.RequestPathProfile [variant=on] [event=cpu] [seconds=60] [prewarm=30]
 * [concurrency=8] [out=benchmarks/request-path/harness/target/profile-on-cpu]}.
 */
public final class RequestPathProfile {
  private RequestPathProfile() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = RequestPathHarness.options(args, Map.of("variant", "on", "event", "cpu",
        "seconds", "60", "prewarm", "30", "concurrency", "8", "out", ""));
    String variantName = options.get("variant");
    boolean allocation = switch (options.get("event")) {
      case "cpu" -> false;
      case "alloc" -> true;
      default -> throw new IllegalArgumentException("event is cpu or alloc, not " + options.get("event"));
    };
    Path out = options.get("out").isEmpty()
        ? RequestPathHarness.APPS.resolve("harness/target/profile-" + variantName + "-" + options.get("event"))
        : Path.of(options.get("out"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path collapsed = Path.of(out + ".collapsed").toAbsolutePath();
    Path library = profilerLibrary();
    Load load = new Load(Integer.parseInt(options.get("concurrency")));
    long requests;
    double cpuMicrosPerRequest;

    try (Backends backends = new Backends()) {
      RequestPathHarness.Variant variant = RequestPathHarness.variants(backends, List.of("off", variantName))
          .get(variantName.equals("off") ? 0 : 1);
      try (ServiceJvm jvm = ServiceJvm.start(variant.name(),
          RequestPathHarness.APPS.resolve(variant.app()).resolve("target/classpath.txt"), variant.properties(),
          RequestPathHarness.APPS.resolve("harness/target/logs"))) {
        jvm.awaitReady(Duration.ofMinutes(3));
        load.run(jvm.uri("/reviews/1"), Duration.ofSeconds(Long.parseLong(options.get("prewarm"))));
        profiler(jvm, library,
            allocation ? "start,threads,event=alloc" : "start,threads,event=ctimer,interval=1ms");
        long cpuBefore = jvm.cpuNanos();
        Load.Result result = load.run(jvm.uri("/reviews/1"),
            Duration.ofSeconds(Long.parseLong(options.get("seconds"))));
        long cpu = jvm.cpuNanos() - cpuBefore;
        profiler(jvm, library, "stop,dot,collapsed," + (allocation ? "total," : "") + "file=" + collapsed);
        System.out.printf("%s: %d requests, %d errors, samples in %s%n", variantName, result.requests(),
            result.errors(), collapsed);
        requests = Math.max(1, result.requests());
        cpuMicrosPerRequest = cpu / 1e3 / requests;
      }
    }

    Map<String, Long> stacks = CollapsedStacks.read(collapsed);
    Files.writeString(Path.of(out + ".svg"), FlameGraph.svg(stacks, "meshtrace request path: variant " + variantName
        + (allocation ? ", bytes allocated by every thread (async-profiler, alloc)"
            : ", CPU samples of every thread (async-profiler, ctimer)"), allocation ? "bytes" : "samples"));
    // The timers' samples cover only part of the process's CPU time (/proc counts every thread, however short-lived,
    // and the kernel's work for it), so a category's time is estimated as its share of the samples.
    long samples = stacks.values().stream().mapToLong(Long::longValue).sum();
    String table = allocation
        ? CpuBreakdown.markdown(stacks, "bytes", requests, "B per request", weight -> weight / (double) requests)
        : CpuBreakdown.markdown(stacks, "samples", requests, "estimated CPU µs per request",
            weight -> cpuMicrosPerRequest * weight / samples);
    if (!allocation) {
      table = String.format(Locale.ROOT, "process CPU time per request while recording (/proc): %.1f µs%n%n",
          cpuMicrosPerRequest) + table;
    }
    Files.writeString(Path.of(out + ".md"), table);
    System.out.println(table);
    System.out.println("Written to " + out + ".{collapsed,svg,md}");
  }

  /** async-profiler's library for this machine, unpacked by the harness's build. */
  private static Path profilerLibrary() {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "linux-arm64" : "linux-x64";
    Path library = RequestPathHarness.APPS.resolve("harness/target/async-profiler").resolve(arch)
        .resolve("libasyncProfiler.so").toAbsolutePath();
    if (!Files.isRegularFile(library)) {
      throw new IllegalStateException(library + " is missing: package the harness module first (README)");
    }
    return library;
  }

  /**
   * Gives async-profiler {@code options} by loading its library into the JVM again, as its own launcher does; the
   * quotes keep jcmd from reading the options' {@code =} as its own.
   */
  private static void profiler(ServiceJvm jvm, Path library, String options) throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(jvm.pid()), "JVMTI.agent_load", library.toString(), '"' + options + '"');
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
  }
}
