package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Boot's virtual threads on Tomcat ({@code spring.threads.virtual.enabled}) under load: {@value #REQUESTS} traced
 * requests, each with its own trace and request IDs, each calling downstream from its virtual thread; every call
 * must carry exactly its own request's IDs, and no virtual thread may be pinned in meshtrace's code (JFR's
 * {@code jdk.VirtualThreadPinned}). Runs on JDK 21 and later when {@code meshtrace.test.virtualThreads=true}
 * (.ci/run's JDK 25 step); {@value #IN_FLIGHT} requests are in flight at once, so both ends of every connection fit
 * the machine's file descriptors.
 *
 * <p>Warm-up, then the measured window. The first requests load and initialise the classes of every path (Tomcat,
 * Spring MVC, the JDK and Reactor Netty clients, meshtrace) on many virtual threads at once, and a virtual thread
 * that must wait for a class another thread is loading or initialising is pinned, whatever code asked for the class
 * (JFR reports "Waited for initialization of ... by another thread", or "Freeze or preempt failed" with the
 * requesting frame on top, one of ours when meshtrace's code first touches a class). That happens once per class
 * and is the class loader's doing, not a pin of the steady state. So {@value #WARM_UP} requests, {@value #IN_FLIGHT}
 * at once, run first (their IDs checked too), and JFR records only the {@value #REQUESTS} measured ones. In that
 * window every pin whose first frame outside the JDK is meshtrace's fails the test, class loading or not: no
 * exception is made for {@code <clinit>} or {@code loadClass} frames. (Checked by hand: a class of ours whose
 * initialiser sleeps, first used in the measured window, fails it.)
 */
@SpringBootTest(classes = VirtualThreadsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.threads.virtual.enabled=true", "spring.application.name=virtual",
        "server.tomcat.max-connections=20000", "meshtrace.in-memory-collector.enabled=false"})
@DirtiesContext
class VirtualThreadsLoadTest {
  static final int REQUESTS = 10_000;
  static final int WARM_UP = 2_000;
  static final int IN_FLIGHT = 1_000;

  @LocalServerPort int port;

  @BeforeAll
  static void onlyWithVirtualThreads() {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
    assumeTrue(Boolean.getBoolean("meshtrace.test.virtualThreads"), "meshtrace.test.virtualThreads=true");
  }

  @Test
  void everyCallCarriesItsOwnRequestsIdsAndNothingOfOursPins() throws Exception {
    ConcurrentLinkedQueue<String> pinnedInMeshtrace = new ConcurrentLinkedQueue<>();
    AtomicInteger pinned = new AtomicInteger();
    List<String> mismatches = new ArrayList<>();
    ExecutorService virtualThreads =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(virtualThreads)
          .connectTimeout(Duration.ofSeconds(30)).build();
      mismatches.addAll(send(client, 0, WARM_UP));
      try (RecordingStream jfr = new RecordingStream()) {
        jfr.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        jfr.onEvent("jdk.VirtualThreadPinned", event -> {
          pinned.incrementAndGet();
          String ours = meshtraceFrame(event);
          if (ours != null) pinnedInMeshtrace.add(ours);
        });
        jfr.startAsync();
        mismatches.addAll(send(client, WARM_UP, REQUESTS));
        // stop() (JDK 20+, present wherever this runs) delivers the events recorded so far before returning
        RecordingStream.class.getMethod("stop").invoke(jfr);
      }
    } finally {
      virtualThreads.shutdownNow();
    }

    assertThat(mismatches).as("calls that carried another request's IDs").isEmpty();
    assertThat(pinnedInMeshtrace)
        .as("virtual threads pinned in meshtrace's code in the measured window (of %s pinned)", pinned.get())
        .isEmpty();
  }

  /**
   * Sends requests {@code first} to {@code first + count - 1}, {@value #IN_FLIGHT} at a time, each with its own
   * trace and request IDs; returns those whose downstream call carried other IDs than its own.
   */
  private List<String> send(HttpClient client, int first, int count) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      inFlight.acquire();
      String traceId = String.format(Locale.ROOT, "%016x%016x", 0x5af7L + i, 0x1000L + i);
      String requestId = String.format(Locale.ROOT, "00000000-0000-4000-8000-%012x", i);
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/front"))
          .timeout(Duration.ofSeconds(60))
          .header("b3", traceId + "-" + String.format(Locale.ROOT, "%016x", 0xabcL + i) + "-1")
          .header("x-request-id", requestId)
          .build();
      String expected = traceId + "," + requestId + "," + traceId;
      answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete((response, error) -> inFlight.release())
          .thenApply(response -> response.statusCode() == 200 && response.body().equals(expected)
              ? null : "sent " + expected + ", got " + response.statusCode() + " " + response.body()));
    }
    List<String> mismatches = new ArrayList<>();
    for (CompletableFuture<String> answer : answers) {
      String mismatch = answer.get(2, TimeUnit.MINUTES);
      if (mismatch != null) mismatches.add(mismatch);
    }
    return mismatches;
  }

  /**
   * The pin's reason and top frames when the first frame from the top of the stack outside the JDK is meshtrace's;
   * else null.
   */
  static String meshtraceFrame(RecordedEvent event) {
    if (event.getStackTrace() == null) return null;
    List<RecordedFrame> frames = event.getStackTrace().getFrames();
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) continue;
      if (!type.startsWith("dev.meshtrace.")) return null;
      StringBuilder stack = new StringBuilder(event.getString("pinnedReason")).append(':');
      for (RecordedFrame shown : frames.subList(0, Math.min(12, frames.size()))) {
        stack.append("\n  ").append(shown.getMethod().getType().getName()).append('.')
            .append(shown.getMethod().getName());
      }
      return stack.toString();
    }
    return null;
  }
}
