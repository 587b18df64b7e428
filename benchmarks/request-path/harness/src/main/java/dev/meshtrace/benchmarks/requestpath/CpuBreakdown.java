package dev.meshtrace.benchmarks.requestpath;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Attributes collapsed stacks of the whole process to the parts of tracing the request-path issue names, and the
 * rest to the JVM's own threads or the application. A sample of any other thread is tracing's when its innermost
 * Java frame outside the JDK (and zipkin-reporter, which only meshtrace's reporter calls) is meshtrace's; that
 * frame and the meshtrace frames around it pick the category. A sample whose innermost such frame is Spring's,
 * Tomcat's or the service's is the application's, even under meshtrace's filter; so is the work the frameworks do
 * on headers meshtrace added, which no profile can separate. Samples of the reporter's thread are all tracing's.
 */
final class CpuBreakdown {
  static final String APPLICATION = "application: the service, Spring, Tomcat, the JDK client";
  private static final String GC = "JVM: garbage collection threads";
  private static final String JIT = "JVM: JIT compiler threads";
  private static final String JVM = "JVM: other threads of its own (VM thread, service threads)";
  private static final String[] TRACING = {
      "inbound header reads and extraction", "span start and finish, IDs, sampling, handlers", "scopes and MDC",
      "naming and tags", "outbound injection", "handing finished spans to the reporter", "reporter: encoding",
      "reporter: compression", "reporter: sending", "reporter: batching and the rest of its thread"};

  private CpuBreakdown() {}

  static boolean isMeshtrace(String frame) {
    return frame.startsWith("dev.meshtrace.") && !frame.startsWith("dev.meshtrace.benchmarks.");
  }

  static boolean isJdk(String frame) {
    return frame.startsWith("java.") || frame.startsWith("javax.") || frame.startsWith("jdk.")
        || frame.startsWith("sun.") || frame.startsWith("com.sun.");
  }

  /** A frame of the JVM itself, the C library or the kernel: no Java package. */
  static boolean isNative(String frame) {
    return !frame.contains(".") || frame.contains("::");
  }

  /** A frame that says nothing of who asked for the work: the JDK's, zipkin-reporter's, or native. */
  private static boolean isNeutral(String frame) {
    return isJdk(frame) || frame.startsWith("zipkin2.") || isNative(frame);
  }

  /** The category of one stack, root first, its first frame naming the thread. */
  static String categorize(String[] frames) {
    String thread = frames[0];
    if (thread.contains("AsyncReporter") || thread.contains("meshtrace")) return reporterCategory(frames);
    if (thread.contains("GC Thread") || thread.contains("G1 ")) return GC;
    if (thread.contains("Compiler")) return JIT;
    boolean java = false;
    for (int i = frames.length - 1; i > 0; i--) {
      String frame = frames[i];
      java |= !isNative(frame);
      if (isNeutral(frame)) continue;
      if (!isMeshtrace(frame)) return APPLICATION;
      return tracingCategory(frames, i);
    }
    return java ? APPLICATION : JVM;
  }

  private static String reporterCategory(String[] frames) {
    for (int i = frames.length - 1; i > 0; i--) {
      String frame = frames[i];
      if (frame.startsWith("java.util.zip.")) return "reporter: compression";
      if (frame.contains("Writer.") || frame.contains("BytesEncoder.") || frame.contains(".JsonBytes.")
          || frame.contains(".Utf8.") || frame.contains(".ProtoBytes.") || frame.contains("EndpointIp.")
          || frame.contains("IpLiterals.") || frame.contains("sizeInBytes")) {
        return "reporter: encoding";
      }
      if (frame.startsWith("java.net.") || frame.startsWith("sun.net.") || frame.startsWith("sun.nio.ch.")
          || frame.startsWith("jdk.internal.net.") || frame.startsWith("okhttp3.")) {
        return "reporter: sending";
      }
    }
    return "reporter: batching and the rest of its thread";
  }

  /** Picks the category from meshtrace's frames, the innermost ({@code innermost}) outwards. */
  private static String tracingCategory(String[] frames, int innermost) {
    for (int i = innermost; i > 0; i--) {
      String frame = frames[i];
      if (!isMeshtrace(frame)) continue;
      String method = frame.substring(frame.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      if (method.contains("inject") || frame.contains("StaleTraceHeaders")) return "outbound injection";
      if (method.contains("extract") || frame.contains(".InboundHeaders.") || frame.contains(".InboundNames.")) {
        return "inbound header reads and extraction";
      }
      if (frame.contains("Scope") || frame.contains("CurrentTraceContext") || frame.contains("Mdc")) {
        return "scopes and MDC";
      }
      if (frame.contains("Spans.") || frame.contains("Tags.") || frame.contains("PathPattern")
          || frame.contains("PathRule") || frame.contains("Customizer")) {
        return "naming and tags";
      }
      if (frame.startsWith("dev.meshtrace.reporting.") || frame.startsWith("dev.meshtrace.zipkin.")
          || frame.startsWith("dev.meshtrace.otlp.")) {
        return "handing finished spans to the reporter";
      }
    }
    return "span start and finish, IDs, sampling, handlers";
  }

  /**
   * A Markdown table: per category the weight ({@code unit}: samples, bytes), its share of the total, and what
   * {@code perRequest} makes of the weight (a column named {@code perRequestName}).
   */
  static String markdown(Map<String, Long> stacks, String unit, long requests, String perRequestName,
      LongToDoubleFunction perRequest) {
    Map<String, Long> byCategory = new LinkedHashMap<>();
    for (String category : TRACING) byCategory.put(category, 0L);
    for (String category : new String[] {APPLICATION, GC, JIT, JVM}) byCategory.put(category, 0L);
    long total = 0;
    for (Map.Entry<String, Long> stack : stacks.entrySet()) {
      byCategory.merge(categorize(stack.getKey().split(";")), stack.getValue(), Long::sum);
      total += stack.getValue();
    }
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "%,d requests%n%n| where | %s | share | %s |%n| --- | ---: | ---: | ---: |%n", requests, unit,
        perRequestName));
    long tracing = 0;
    for (String category : TRACING) tracing += byCategory.get(category);
    for (Map.Entry<String, Long> category : byCategory.entrySet()) {
      table.append(row(category.getKey(), category.getValue(), total, perRequest));
    }
    table.append(row("**tracing's own code: the first " + TRACING.length + " rows**", tracing, total, perRequest));
    table.append(row("all", total, total, perRequest));
    return table.toString();
  }

  private static String row(String name, long weight, long total, LongToDoubleFunction perRequest) {
    return String.format(Locale.ROOT, "| %s | %,d | %.1f%% | %,.1f |%n", name, weight,
        100.0 * weight / Math.max(1, total), perRequest.applyAsDouble(weight));
  }
}
