package dev.meshtrace.servlet;

import dev.meshtrace.http.conformance.ConformanceExecutors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real servlet container serving a {@link TestServletApp} over loopback, in a context at {@link #CONTEXT_PATH},
 * with {@link TestServletApp#NOT_FOUND_PAGE} as its error page for status 404. Each {@link #start} deploys anew;
 * {@link #stop} stops the one started last. With {@link ConformanceExecutors#virtualThreads()} (JDK 21+) requests
 * run on virtual threads.
 */
abstract class ServletContainer {
  static final String CONTEXT_PATH = "/app";

  /** The containers the tests run on. */
  enum Kind {
    JETTY,
    TOMCAT;

    /** A container of this kind; Tomcat keeps its work files under {@code baseDir}. */
    ServletContainer create(Path baseDir) {
      return this == JETTY ? new JettyContainer() : new TomcatContainer(baseDir);
    }
  }

  /** Starts the container with {@code app} initialised in its context; the port it listens on. */
  abstract int start(TestServletApp app) throws Exception;

  abstract void stop() throws Exception;

  /** Jetty 12 (ee10). */
  private static final class JettyContainer extends ServletContainer {
    private Server server;

    @Override
    int start(TestServletApp app) throws Exception {
      QueuedThreadPool threads = new QueuedThreadPool();
      if (ConformanceExecutors.virtualThreads()) {
        threads.setVirtualThreadsExecutor(VirtualThreads.getDefaultVirtualThreadsExecutor());
      }
      server = new Server(threads);
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
      context.addServletContainerInitializer(app);
      ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
      errorPages.addErrorPage(404, TestServletApp.NOT_FOUND_PAGE);
      context.setErrorHandler(errorPages);
      server.setHandler(context);
      server.start();
      return connector.getLocalPort();
    }

    @Override
    void stop() throws Exception {
      server.stop();
    }
  }

  /** Embedded Tomcat 11. */
  private static final class TomcatContainer extends ServletContainer {
    private final Path baseDir;
    private Tomcat tomcat;

    TomcatContainer(Path baseDir) {
      this.baseDir = baseDir;
    }

    @Override
    int start(TestServletApp app) throws Exception {
      tomcat = new Tomcat();
      tomcat.setBaseDir(baseDir.toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      if (ConformanceExecutors.virtualThreads()) connector.setProperty("useVirtualThreads", "true");
      tomcat.setConnector(connector);
      Path docBase = Files.createDirectories(baseDir.resolve("docs"));
      StandardContext context = (StandardContext) tomcat.addContext(CONTEXT_PATH, docBase.toString());
      // the leak checks that need --add-opens would only warn on every stop
      context.setClearReferencesThreadLocals(false);
      context.setClearReferencesRmiTargets(false);
      context.addServletContainerInitializer(app, null);
      ErrorPage notFound = new ErrorPage();
      notFound.setErrorCode(404);
      notFound.setLocation(TestServletApp.NOT_FOUND_PAGE);
      context.addErrorPage(notFound);
      tomcat.start();
      return connector.getLocalPort();
    }

    @Override
    void stop() throws Exception {
      tomcat.stop();
      tomcat.destroy();
    }
  }
}
