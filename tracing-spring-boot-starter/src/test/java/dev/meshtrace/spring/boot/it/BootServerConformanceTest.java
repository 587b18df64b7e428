package dev.meshtrace.spring.boot.it;

import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.ConformanceExecutors;
import dev.meshtrace.http.conformance.HttpServerConformance;
import java.net.URI;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's servlet tracing in a Spring MVC application on Boot's embedded Tomcat, held to the server
 * conformance suite; with {@code meshtrace.test.virtualThreads=true} on Boot's virtual threads
 * ({@code spring.threads.virtual.enabled}). The suite's tracing is the application's {@code Tracing} and
 * {@code HttpTracing} beans (the starter's back off).
 */
class BootServerConformanceTest extends HttpServerConformance {
  private ConfigurableApplicationContext application;

  @Override
  protected URI startServer(HttpTracing httpTracing, URI downstream) {
    application = new SpringApplicationBuilder(ConformanceApplication.class)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.main.web-application-type=servlet",
            "spring.main.banner-mode=off", "meshtrace.zipkin.enabled=false", "downstream.url=" + downstream,
            "spring.threads.virtual.enabled=" + ConformanceExecutors.virtualThreads())
        .initializers(context -> {
          context.getBeanFactory().registerSingleton("conformanceTracing", httpTracing.tracing());
          context.getBeanFactory().registerSingleton("conformanceHttpTracing", httpTracing);
        })
        .run();
    return URI.create("http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port") + "/");
  }

  @Override
  protected void stopServer() {
    application.close();
  }
}
