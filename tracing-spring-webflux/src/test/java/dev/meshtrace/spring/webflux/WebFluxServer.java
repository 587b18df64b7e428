package dev.meshtrace.spring.webflux;

import dev.meshtrace.http.conformance.ConformanceExecutors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServletHttpHandlerAdapter;
import reactor.netty.DisposableServer;

/** The servers WebFlux runs on in these tests, each serving an {@link HttpHandler} on a free loopback port. */
enum WebFluxServer {
  /** Reactor Netty, WebFlux's default. */
  REACTOR_NETTY {
    @Override
    Running start(HttpHandler handler, Path baseDir) {
      DisposableServer server = reactor.netty.http.server.HttpServer.create()
          .host("127.0.0.1").port(0)
          .handle(new ReactorHttpHandlerAdapter(handler))
          .bindNow();
      return new Running(server.port(), server::disposeNow);
    }
  },
  /**
   * Servlet-backed WebFlux: Spring's {@link ServletHttpHandlerAdapter} on embedded Tomcat 11 (Servlet 6.1, which
   * Spring Framework 7 requires and 6.2 runs on), on virtual threads with {@link ConformanceExecutors#virtualThreads()}.
   */
  TOMCAT_SERVLET {
    @Override
    Running start(HttpHandler handler, Path baseDir) throws Exception {
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(baseDir.toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      if (ConformanceExecutors.virtualThreads()) connector.setProperty("useVirtualThreads", "true");
      tomcat.setConnector(connector);
      Context context = tomcat.addContext("", Files.createDirectories(baseDir.resolve("docs")).toString());
      Wrapper servlet = Tomcat.addServlet(context, "webflux", new ServletHttpHandlerAdapter(handler));
      servlet.setAsyncSupported(true);
      context.addServletMappingDecoded("/", "webflux");
      tomcat.start();
      return new Running(connector.getLocalPort(), () -> {
        tomcat.stop();
        tomcat.destroy();
      });
    }
  };

  /** Starts serving {@code handler}; a servlet container keeps its work files under {@code baseDir}. */
  abstract Running start(HttpHandler handler, Path baseDir) throws Exception;

  /** A started server: its port, and how to stop it. */
  record Running(int port, Stop stop) {}

  @FunctionalInterface
  interface Stop {
    void stop() throws Exception;
  }
}
