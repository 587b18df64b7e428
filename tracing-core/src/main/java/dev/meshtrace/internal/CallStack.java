package dev.meshtrace.internal;

import dev.meshtrace.diagnostics.ThreadKind;
import java.lang.StackWalker.StackFrame;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the stack of an orphan call says: where the application made it, on what kind of thread, through which
 * frameworks, and so which fix fits. Read once per walked call; never on a traced call.
 */
final class CallStack {
  static final int MAX_FRAMES = 512;
  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

  /** meshtrace's own library packages; an example or an application under {@code dev.meshtrace} is not one. */
  private static final String[] MESHTRACE_PACKAGES = {"dev.meshtrace.http", "dev.meshtrace.rpc",
      "dev.meshtrace.internal", "dev.meshtrace.propagation", "dev.meshtrace.sampling", "dev.meshtrace.handler",
      "dev.meshtrace.diagnostics", "dev.meshtrace.okhttp", "dev.meshtrace.spring.web", "dev.meshtrace.spring.webflux",
      "dev.meshtrace.spring.boot", "dev.meshtrace.jdk.httpclient", "dev.meshtrace.grpc", "dev.meshtrace.servlet",
      "dev.meshtrace.reporting", "dev.meshtrace.zipkin", "dev.meshtrace.otlp"};
  private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
  /** Framework name, then the package prefixes that are its. */
  private static final String[][] FRAMEWORKS = {{"Spring", "org.springframework."}, {"Reactor", "reactor."},
      {"OkHttp", "okhttp3.", "okio."}, {"gRPC", "io.grpc."}, {"Netty", "io.netty."},
      {"Tomcat", "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat."}, {"Jetty", "org.eclipse.jetty."},
      {"Servlet", "jakarta.servlet."}, {"Micrometer", "io.micrometer."}, {"Kotlin", "kotlin.", "kotlinx."},
      {"JUnit", "org.junit.", "org.apache.maven.surefire."}};

  final String location;
  final boolean applicationFrame;
  /** The outermost application frame: the task this thread runs, where the context was lost; null if none. */
  final String entry;
  final List<String> frameworks;
  final ThreadKind threadKind;
  final String fix;
  final boolean background;

  CallStack(String location, boolean applicationFrame, String entry, List<String> frameworks, ThreadKind threadKind,
      String fix, boolean background) {
    this.location = location;
    this.applicationFrame = applicationFrame;
    this.entry = entry;
    this.frameworks = List.copyOf(frameworks);
    this.threadKind = threadKind;
    this.fix = fix;
    this.background = background;
  }

  /** Walks the current thread's stack. */
  static CallStack walk(BackgroundThreads backgroundThreads) {
    boolean virtual = isVirtual(Thread.currentThread());
    return WALKER.walk(frames -> of(frames.limit(MAX_FRAMES), virtual, backgroundThreads));
  }

  static CallStack of(Stream<StackFrame> frames, boolean virtual, BackgroundThreads backgroundThreads) {
    String application = null;
    String entry = null;
    String firstOutside = null;
    Set<String> frameworks = new LinkedHashSet<>();
    boolean pooled = false;
    boolean perTaskExecutor = false;
    boolean scheduled = false;
    boolean springScheduled = false;
    boolean asyncFuture = false;
    boolean background = false;
    String bottom = null;
    for (Iterator<StackFrame> it = frames.iterator(); it.hasNext(); ) {
      StackFrame frame = it.next();
      String type = frame.getClassName();
      bottom = type + '.' + frame.getMethodName();
      if (isMeshtrace(type)) continue;
      if (backgroundThreads.matchesClass(type)) background = true;
      if (firstOutside == null) firstOutside = describe(frame);
      String framework = framework(type);
      if (framework != null) {
        frameworks.add(framework);
      } else if (isJdk(type)) {
        pooled |= type.endsWith("ThreadPoolExecutor$Worker") || type.startsWith("java.util.concurrent.ForkJoin");
        perTaskExecutor |= type.startsWith("java.util.concurrent.ThreadPerTaskExecutor");
        scheduled |= type.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask");
        asyncFuture |= type.startsWith("java.util.concurrent.CompletableFuture$Async");
      } else {
        entry = describe(frame);
        if (application == null) application = entry;
      }
      if (framework != null) {
        pooled |= type.endsWith("ThreadPoolExecutor$Worker") || type.startsWith("io.netty.util.concurrent.");
        springScheduled |= type.startsWith("org.springframework.scheduling.");
      }
    }
    ThreadKind kind = virtual ? ThreadKind.VIRTUAL
        : pooled ? ThreadKind.POOLED
        : bottom != null && bottom.startsWith("java.lang.Thread.run") ? ThreadKind.NEW
        : ThreadKind.OTHER;
    // A Reactor scheduler's workers are scheduled-executor threads too; a scheduled job is Spring's or not Reactor's.
    boolean job = springScheduled || scheduled && !frameworks.contains("Reactor");
    String fix = fix(kind, frameworks, job, asyncFuture, perTaskExecutor, application != null);
    String location = application != null ? application : firstOutside != null ? firstOutside : "unknown";
    return new CallStack(location, application != null, entry, new ArrayList<>(frameworks), kind, fix, background);
  }

  private static String fix(ThreadKind kind, Set<String> frameworks, boolean scheduled, boolean asyncFuture,
      boolean perTaskExecutor, boolean applicationFrame) {
    if (scheduled) {
      return "if this is background work, list its thread or package in the background threads"
          + " (meshtrace.diagnostics.orphan-calls.background-threads); otherwise wrap the task with"
          + " tracing.currentTraceContext().wrap(...)";
    }
    if (asyncFuture) {
      return "give the async stage a traced executor: CompletableFuture.supplyAsync(task,"
          + " tracing.currentTraceContext().executor(executor))";
    }
    if (frameworks.contains("Reactor")) {
      return "make the call inside the request's reactive chain (the WebClient filter reads the context from the"
          + " Reactor Context), or call Hooks.enableAutomaticContextPropagation() and"
          + " ReactorTraceContext.registerContextPropagation(tracing)";
    }
    if (!applicationFrame) {
      return "no application code on this thread: the call was started (enqueued, subscribed) where no trace context"
          + " was current; start it under the request's context";
    }
    if (kind == ThreadKind.POOLED || perTaskExecutor) {
      String grpc = frameworks.contains("gRPC") ? " (gRPC callbacks: io.grpc.Context.currentContextExecutor(...))" : "";
      return "wrap the executor with tracing.currentTraceContext().executorService(...)" + grpc;
    }
    if (kind == ThreadKind.NEW || kind == ThreadKind.VIRTUAL) {
      return "wrap the thread's task with tracing.currentTraceContext().wrap(...) before starting it";
    }
    return "make the call under the request's context (tracer.withSpanInScope(span)), or list this thread in the"
        + " background threads if it serves no request";
  }

  static boolean isMeshtrace(String className) {
    if (!className.startsWith("dev.meshtrace.")) return false;
    int lastDot = className.lastIndexOf('.');
    if (lastDot == "dev.meshtrace".length()) return true; // the root package: Tracing, Tracer, CurrentTraceContext
    for (String library : MESHTRACE_PACKAGES) {
      if (className.startsWith(library) && className.charAt(library.length()) == '.') return true;
    }
    return false;
  }

  private static boolean isJdk(String className) {
    for (String prefix : JDK_PACKAGES) {
      if (className.startsWith(prefix)) return true;
    }
    return false;
  }

  private static String framework(String className) {
    for (String[] framework : FRAMEWORKS) {
      for (int i = 1; i < framework.length; i++) {
        if (className.startsWith(framework[i])) return framework[0];
      }
    }
    return null;
  }

  private static String describe(StackFrame frame) {
    String file = frame.getFileName();
    String where = file == null ? "Unknown Source" : frame.getLineNumber() > 0 ? file + ':' + frame.getLineNumber()
        : file;
    return frame.getClassName() + '.' + frame.getMethodName() + '(' + where + ')';
  }

  static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) return false;
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable e) {
      return false;
    }
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      return null; // JDK 17: no virtual threads
    }
  }
}
