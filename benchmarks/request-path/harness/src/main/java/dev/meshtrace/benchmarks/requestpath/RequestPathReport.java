package dev.meshtrace.benchmarks.requestpath;

import dev.meshtrace.benchmarks.requestpath.RequestPathHarness.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The harness's figures as Markdown: each variant's medians over the rounds, then its ratios to the baseline measured
 * in the same round (median, and the lowest and highest round), and the allocated bytes it adds per request.
 */
final class RequestPathReport {
  private RequestPathReport() {}

  static String markdown(Instant started, Map<String, String> options, List<Map.Entry<String, String>> variants,
      Map<String, List<Phase>> phases, String baseline) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Request path, run started %s: %s s of load per variant first, then %s "
            + "rounds, %s s warm-up and %s s measured per variant and round, concurrency %s, Java %s, %d CPUs, load "
            + "average at the end %s.%n%n", started, options.get("prewarm"), options.get("rounds"),
        options.get("warmup"), options.get("measure"), options.get("concurrency"),
        Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage()));
    for (Map.Entry<String, String> variant : variants) {
      out.append("- `").append(variant.getKey()).append("`: ").append(variant.getValue()).append('\n');
    }
    out.append("\n| variant | requests/s | p50 ms | p99 ms | CPU µs/request | allocated B/request | errors |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, List<Phase>> variant : phases.entrySet()) {
      List<Phase> rounds = variant.getValue();
      out.append(String.format(Locale.ROOT, "| `%s` | %,.0f | %.2f | %.2f | %.1f | %,.0f | %d |%n", variant.getKey(),
          median(rounds, Phase::requestsPerSecond), median(rounds, Phase::p50Millis),
          median(rounds, Phase::p99Millis), median(rounds, Phase::cpuMicrosPerRequest),
          median(rounds, Phase::allocatedBytesPerRequest), rounds.stream().mapToLong(Phase::errors).sum()));
    }
    List<Phase> base = phases.get(baseline);
    out.append("\nRatios to `").append(baseline).append("` of the same round: median (lowest–highest round).\n\n");
    out.append("| variant | CPU per request | requests/s | p99 | allocated B/request, added |\n");
    out.append("| --- | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, List<Phase>> variant : phases.entrySet()) {
      if (variant.getKey().equals(baseline)) continue;
      List<Phase> rounds = variant.getValue();
      out.append("| `").append(variant.getKey()).append("` | ")
          .append(ratio(rounds, base, Phase::cpuMicrosPerRequest)).append(" | ")
          .append(ratio(rounds, base, Phase::requestsPerSecond)).append(" | ")
          .append(ratio(rounds, base, Phase::p99Millis)).append(" | ")
          .append(String.format(Locale.ROOT, "%,.0f", median(rounds, Phase::allocatedBytesPerRequest)
              - median(base, Phase::allocatedBytesPerRequest)))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String ratio(List<Phase> rounds, List<Phase> base, ToDoubleFunction<Phase> measure) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(rounds.size(), base.size()); i++) {
      ratios.add(measure.applyAsDouble(rounds.get(i)) / measure.applyAsDouble(base.get(i)));
    }
    double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", median(sorted), sorted[0], sorted[sorted.length - 1]);
  }

  private static double median(List<Phase> rounds, ToDoubleFunction<Phase> measure) {
    return median(rounds.stream().mapToDouble(measure).sorted().toArray());
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String loadAverage() {
    try {
      return Arrays.stream(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" "))
          .limit(3).reduce((a, b) -> a + " " + b).orElse("?");
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
