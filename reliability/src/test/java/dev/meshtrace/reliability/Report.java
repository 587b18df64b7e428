package dev.meshtrace.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

/**
 * The figures of a suite run, as Markdown: each test class writes its section to {@code target/reliability/}, and
 * {@code target/RELIABILITY.md} is rewritten from every section written so far, so after a whole run it holds them
 * all. The repository's {@code RELIABILITY.md} is a copy of it from a real run.
 */
final class Report {
  private static final Path SECTIONS = Path.of("target", "reliability");
  private static final Path WHOLE = Path.of("target", "RELIABILITY.md");

  private Report() {}

  /** Writes section {@code name} (its file name too) with a table, then rewrites the whole report. */
  static synchronized void section(String name, String title, String intro, List<String> header,
      List<List<String>> rows) {
    StringBuilder text = new StringBuilder("## ").append(title).append("\n\n").append(intro).append("\n\n");
    text.append(row(header)).append(row(header.stream().map(cell -> "---").toList()));
    for (List<String> cells : rows) text.append(row(cells));
    try {
      Files.createDirectories(SECTIONS);
      Files.writeString(SECTIONS.resolve(name + ".md"), text, StandardCharsets.UTF_8);
      StringBuilder whole = new StringBuilder("# meshtrace reliability figures\n\nWritten by the `reliability` "
          + "module's tests (`mvn -B -pl reliability -am verify`), run ending "
          + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", Java " + Runtime.version() + ", "
          + Runtime.getRuntime().availableProcessors() + " CPUs.\n\n"
          + "Every part of issue 21 is in the suite, for every reporting transport (Zipkin HTTP JSON and proto3, "
          + "OTLP/HTTP, OTLP/gRPC, Kafka), every HTTP and gRPC client adapter, and Kafka record propagation "
          + "(in the concurrency run; its poison records and hostile headers are tested against a real broker in "
          + "`tracing-kafka`). Latency is reported, not asserted: "
          + "the project keeps timing out of its tests (issue 25), and memory is bounded by counting the spans the "
          + "reporter holds against its limit. The concurrency run on virtual threads is `.ci/run`'s JDK 25 step: "
          + "its section is here when that step ran on the same build directory.\n");
      try (Stream<Path> sections = Files.list(SECTIONS)) {
        for (Path section : sections.sorted().toList()) {
          whole.append('\n').append(Files.readString(section, StandardCharsets.UTF_8));
        }
      }
      Files.writeString(WHOLE, whole, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the reliability report", e);
    }
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }
}
