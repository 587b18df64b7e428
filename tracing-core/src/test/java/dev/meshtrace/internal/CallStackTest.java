package dev.meshtrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.diagnostics.ThreadKind;
import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a stack says about an orphan call, from stacks written out frame by frame (innermost first). */
class CallStackTest {
  static final BackgroundThreads NONE = new BackgroundThreads(List.of());

  static CallStack of(boolean virtual, String... frames) {
    List<StackFrame> list = new ArrayList<>();
    for (String frame : frames) list.add(new Frame(frame));
    return CallStack.of(list.stream(), virtual, NONE);
  }

  @Test
  void aPoolWorkerRunningApplicationCode() {
    CallStack stack = of(false, "dev.meshtrace.http.HttpClientHandler.handleSend",
        "okhttp3.internal.RealCall.execute", "com.example.Ratings.get", "com.example.Reviews.lambda$fetch$0",
        "java.util.concurrent.FutureTask.run", "java.util.concurrent.ThreadPoolExecutor$Worker.run",
        "java.lang.Thread.run");
    assertThat(stack.location).isEqualTo("com.example.Ratings.get(Frame.java:7)");
    assertThat(stack.entry).isEqualTo("com.example.Reviews.lambda$fetch$0(Frame.java:7)");
    assertThat(stack.applicationFrame).isTrue();
    assertThat(stack.frameworks).containsExactly("OkHttp");
    assertThat(stack.threadKind).isEqualTo(ThreadKind.POOLED);
    assertThat(stack.fix).isEqualTo("wrap the executor with tracing.currentTraceContext().executorService(...)");
  }

  @Test
  void aCallEnqueuedWithNoContextHasNoApplicationFrameOnTheDispatcher() {
    CallStack stack = of(false, "dev.meshtrace.okhttp.TracingNetworkInterceptor.intercept",
        "okhttp3.internal.RealCall$AsyncCall.run", "java.util.concurrent.ThreadPoolExecutor$Worker.run",
        "java.lang.Thread.run");
    assertThat(stack.applicationFrame).isFalse();
    assertThat(stack.location).startsWith("okhttp3.internal.RealCall$AsyncCall.run(");
    assertThat(stack.entry).isNull();
    assertThat(stack.fix).startsWith("no application code on this thread");
  }

  @Test
  void scheduledTasksReactorChainsThreadsAndTheMainThreadEachGetTheirFix() {
    assertThat(of(false, "com.example.Job.run", "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run",
        "java.util.concurrent.ThreadPoolExecutor$Worker.run", "java.lang.Thread.run").fix)
        .contains("background threads");
    assertThat(of(false, "com.example.Handler.lambda$x$1", "reactor.core.publisher.MonoDefer.subscribe",
        "java.lang.Thread.run").fix).contains("ReactorTraceContext.registerContextPropagation(tracing)");
    assertThat(of(false, "com.example.Handler.lookup", "reactor.core.scheduler.SchedulerTask.call",
        "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run",
        "java.util.concurrent.ThreadPoolExecutor$Worker.run", "java.lang.Thread.run").fix)
        .as("a Reactor scheduler's worker is no scheduled job").contains("reactive chain");
    assertThat(of(false, "com.example.Job.run", "org.springframework.scheduling.support.DelegatingErrorHandlingRunnable.run",
        "reactor.core.publisher.Mono.block", "java.lang.Thread.run").fix).contains("background threads");
    CallStack started = of(false, "com.example.Worker.run", "java.lang.Thread.run");
    assertThat(started.threadKind).isEqualTo(ThreadKind.NEW);
    assertThat(started.fix).contains("tracing.currentTraceContext().wrap(...)");
    CallStack virtual = of(true, "com.example.Worker.run", "java.lang.VirtualThread.run");
    assertThat(virtual.threadKind).isEqualTo(ThreadKind.VIRTUAL);
    assertThat(virtual.fix).contains("tracing.currentTraceContext().wrap(...)");
    CallStack main = of(false, "com.example.Main.main");
    assertThat(main.threadKind).isEqualTo(ThreadKind.OTHER);
    assertThat(main.fix).contains("tracer.withSpanInScope(span)");
  }

  /** A frame {@code class.method}, at line 7 of {@code Frame.java}. */
  private record Frame(String name) implements StackFrame {
    @Override
    public String getClassName() {
      return name.substring(0, name.lastIndexOf('.'));
    }

    @Override
    public String getMethodName() {
      return name.substring(name.lastIndexOf('.') + 1);
    }

    @Override
    public Class<?> getDeclaringClass() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int getByteCodeIndex() {
      return 0;
    }

    @Override
    public String getFileName() {
      return "Frame.java";
    }

    @Override
    public int getLineNumber() {
      return 7;
    }

    @Override
    public boolean isNativeMethod() {
      return false;
    }

    @Override
    public StackTraceElement toStackTraceElement() {
      return new StackTraceElement(getClassName(), getMethodName(), getFileName(), getLineNumber());
    }
  }
}
