package dev.meshtrace.servlet;

import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.http.conformance.ConformanceExecutors;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application under test, deployed the way a plain servlet application installs tracing: a
 * {@link ServletContainerInitializer} that registers its servlets and {@link TracingFilter#addTo}. Works on any
 * Servlet 6 container; the container adds {@link #NOT_FOUND_PAGE} as the error page for 404.
 */
final class TestServletApp implements ServletContainerInitializer {
  static final String NOT_FOUND_PAGE = "/not-found";
  static final String SPRING_ROUTE_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
  static final long ASYNC_TIMEOUT_MILLIS = 100;
  /** Request attribute: a latch released when the first dispatch has returned through every filter. */
  static final String DISPATCH_RETURNED = "test.dispatchReturned";

  private final TracingFilter tracingFilter;
  private final Tracing tracing;
  private final URI downstream;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ExecutorService asyncWork = ConformanceExecutors.virtualThreads()
      ? ConformanceExecutors.newExecutor() : Executors.newCachedThreadPool();

  /** The last exception a servlet threw. */
  final AtomicReference<Throwable> thrown = new AtomicReference<>();
  /** The last exception that escaped every filter to the container, seen by a filter in front of tracing. */
  final AtomicReference<Throwable> escaped = new AtomicReference<>();
  /** The contexts current in front of the tracing filter, request by request (expected: none). */
  final List<TraceContext> contextsOutsideFilter = new CopyOnWriteArrayList<>();

  TestServletApp(TracingFilter tracingFilter, Tracing tracing, URI downstream) {
    this.tracingFilter = tracingFilter;
    this.tracing = tracing;
    this.downstream = downstream;
  }

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    FilterRegistration.Dynamic outermost = context.addFilter("outermost", (Filter) this::outermost);
    outermost.setAsyncSupported(true);
    outermost.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    tracingFilter.addTo(context);

    servlet(context, "/hello", (request, response) -> response.getWriter().write("hello"));
    servlet(context, "/items/*", (request, response) -> {
      request.setAttribute(TracingFilter.ROUTE_ATTRIBUTE, "/items/{id}");
      response.getWriter().write("item");
    });
    servlet(context, "/spring/*", (request, response) -> {
      request.setAttribute(SPRING_ROUTE_ATTRIBUTE, "/spring/{name}");
      response.getWriter().write("spring");
    });
    servlet(context, "/downstream", this::callDownstream);
    servlet(context, "/api/*", this::callDownstream);
    servlet(context, "/status/*", (request, response) -> {
      int status = Integer.parseInt(request.getPathInfo().substring(1));
      response.setHeader("X-Cache", "hit");
      response.addHeader("Set-Cookie", "session=secret");
      response.setStatus(status);
      response.getWriter().write("status " + status);
    });
    servlet(context, "/own-request-id", (request, response) -> response.setHeader("X-Request-Id", "chosen-by-app"));
    servlet(context, "/fail", (request, response) -> {
      IllegalStateException error = new IllegalStateException("boom");
      thrown.set(error);
      throw error;
    });
    servlet(context, "/forward",
        (request, response) -> request.getRequestDispatcher("/downstream").forward(request, response));
    servlet(context, "/include", (request, response) -> {
      response.getWriter().write("before ");
      request.getRequestDispatcher("/hello").include(request, response);
    });
    servlet(context, "/async", (request, response) -> {
      AsyncContext async = request.startAsync();
      CountDownLatch dispatchReturned = (CountDownLatch) request.getAttribute(DISPATCH_RETURNED);
      asyncWork.execute(() -> {
        try {
          if (!dispatchReturned.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("dispatch hangs");
          response.setStatus(HttpServletResponse.SC_ACCEPTED);
          response.getWriter().write("async");
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        } finally {
          async.complete();
        }
      });
    });
    servlet(context, "/async-downstream", (request, response) -> {
      AsyncContext async = request.startAsync();
      asyncWork.execute(tracing.currentTraceContext().wrap(() -> {
        try {
          callDownstream(request, response);
          response.setStatus(HttpServletResponse.SC_ACCEPTED);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          async.complete();
        }
      }));
    });
    servlet(context, "/async-dispatch", (request, response) -> {
      AsyncContext async = request.startAsync();
      asyncWork.execute(() -> async.dispatch("/downstream"));
    });
    servlet(context, "/async-twice", (request, response) -> {
      AsyncContext async = request.startAsync();
      asyncWork.execute(() -> async.dispatch("/async"));
    });
    servlet(context, "/async-fail", (request, response) -> {
      AsyncContext async = request.startAsync();
      asyncWork.execute(() -> async.dispatch("/fail"));
    });
    servlet(context, "/async-timeout", (request, response) -> request.startAsync().setTimeout(ASYNC_TIMEOUT_MILLIS));
    servlet(context, NOT_FOUND_PAGE, (request, response) -> {
      callDownstream(request, response);
      response.getWriter().write(" (not found page)");
    });
    servlet(context, "/", (request, response) -> response.sendError(HttpServletResponse.SC_NOT_FOUND));
  }

  /** Stops the app's own threads; call before the container stops. */
  void close() throws InterruptedException {
    asyncWork.shutdownNow();
    if (!asyncWork.awaitTermination(10, TimeUnit.SECONDS)) throw new IllegalStateException("async work hangs");
  }

  /** Calls the downstream server with the current context's headers; writes its status. */
  private void callDownstream(HttpServletRequest request, HttpServletResponse response) throws Exception {
    HttpRequest.Builder outbound = HttpRequest.newBuilder(downstream);
    TraceContext current = tracing.tracer().currentContext();
    if (current != null) tracing.propagation().inject(current, outbound, HttpRequest.Builder::setHeader);
    HttpResponse<Void> answer = client.send(outbound.build(), HttpResponse.BodyHandlers.discarding());
    response.getWriter().write("downstream " + answer.statusCode());
  }

  private void outermost(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    contextsOutsideFilter.add(tracing.tracer().currentContext());
    CountDownLatch dispatchReturned = new CountDownLatch(1);
    request.setAttribute(DISPATCH_RETURNED, dispatchReturned);
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      escaped.set(e);
      throw e;
    } finally {
      dispatchReturned.countDown();
    }
  }

  private static void servlet(ServletContext context, String mapping, Handler handler) {
    ServletRegistration.Dynamic registration = context.addServlet(mapping, new HandlerServlet(handler));
    registration.setAsyncSupported(true);
    registration.addMapping(mapping);
  }

  @FunctionalInterface
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  /** A servlet answering every method with a {@link Handler}. */
  static final class HandlerServlet extends HttpServlet {
    private final transient Handler handler;

    HandlerServlet(Handler handler) {
      this.handler = handler;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      try {
        handler.handle(request, response);
      } catch (IOException | ServletException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new ServletException(e);
      }
    }
  }
}
