package com.example.orphans;

import com.example.orphans.jobs.NightlyJob;
import dev.meshtrace.Tracing;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An application servlet that calls a downstream service the ways that lose the trace, and the ways that keep it;
 * each request waits for its outbound call, so the test sees it complete. Outside {@code dev.meshtrace}, as an
 * application is.
 */
public final class ReviewsServlet extends HttpServlet {
  private static final long WAIT_SECONDS = 10;
  private final Tracing tracing;
  private final HttpClient client;
  private final URI ratings;
  private final ExecutorService pool = Executors.newFixedThreadPool(1);

  public ReviewsServlet(Tracing tracing, HttpClient client, URI ratings) {
    this.tracing = tracing;
    this.client = client;
    this.ratings = ratings;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try {
      switch (request.getPathInfo()) {
        case "/executor" -> unwrappedExecutor();
        case "/thread" -> newThread("reviews-worker");
        case "/supply-async" -> supplyAsyncWithoutExecutor();
        case "/virtual" -> virtualThread();
        case "/nightly-thread" -> newThread("nightly-job-1");
        case "/nightly-package" -> backgroundPackage();
        case "/wrapped" -> wrappedExecutor();
        case "/same-thread" -> fetchRatings();
        default -> throw new IllegalArgumentException(request.getPathInfo());
      }
      response.setStatus(200);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void unwrappedExecutor() throws Exception {
    pool.submit(() -> fetchRatings()).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  void newThread(String name) throws InterruptedException {
    Thread thread = new Thread(() -> fetchRatings(), name);
    thread.start();
    thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
  }

  void supplyAsyncWithoutExecutor() throws Exception {
    CompletableFuture.supplyAsync(() -> fetchRatings()).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** JDK 21+: {@code Thread.startVirtualThread}, found by reflection so this compiles on 17. */
  void virtualThread() throws Exception {
    Runnable task = () -> fetchRatings();
    Thread thread = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
    thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
  }

  void backgroundPackage() throws Exception {
    pool.submit(new NightlyJob(() -> fetchRatings())).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  void wrappedExecutor() throws Exception {
    ExecutorService traced = tracing.currentTraceContext().executorService(pool);
    traced.submit(() -> fetchRatings()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    CompletableFuture.supplyAsync(() -> fetchRatings(), tracing.currentTraceContext().executor(pool))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The application's one client call, shared by every path. */
  int fetchRatings() {
    try {
      return client.send(HttpRequest.newBuilder(ratings).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
