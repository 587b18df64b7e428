package dev.meshtrace.examples.bookinfo.demo;

import dev.meshtrace.examples.bookinfo.BookinfoService;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertyResolver;

/**
 * The four services in this process, each its own Spring application context on a free loopback port, wired to
 * each other as they would be behind their sidecars. Closing stops them, which also flushes their spans.
 */
final class Mesh implements AutoCloseable {
  /** {@code --bookinfo.grpc=true}: reviews calls ratings over gRPC instead of HTTP. */
  static final String GRPC_FLAG = "bookinfo.grpc";
  private static final Map<BookinfoService, String> URL_PROPERTY = Map.of(
      BookinfoService.DETAILS, "bookinfo.details-url",
      BookinfoService.REVIEWS, "bookinfo.reviews-url",
      BookinfoService.RATINGS, "bookinfo.ratings-url");
  /** Callees before callers, so every downstream URL is known when its caller starts. */
  private static final List<BookinfoService> START_ORDER = List.of(
      BookinfoService.RATINGS, BookinfoService.DETAILS, BookinfoService.REVIEWS, BookinfoService.PRODUCTPAGE);

  private final Map<BookinfoService, ConfigurableApplicationContext> contexts = new EnumMap<>(BookinfoService.class);
  private final Map<BookinfoService, String> urls = new EnumMap<>(BookinfoService.class);
  /** Where ratings serves gRPC, when the demo runs with {@link #GRPC_FLAG}. */
  private String grpcTarget;

  private Mesh() {}

  /**
   * Starts the services with the demo's command line {@code args}, over {@code defaults} and under
   * {@code overrides}. A downstream URL given on the command line is kept (to point a service at something else,
   * such as a dead port); the others lead to the services started here. {@code customizer} sees each context
   * before it is refreshed.
   */
  static Mesh start(String[] args, PropertyResolver commandLine, Map<String, Object> defaults,
      Map<String, String> overrides, Consumer<ConfigurableApplicationContext> customizer) {
    Mesh mesh = new Mesh();
    try {
      for (BookinfoService service : START_ORDER) {
        Map<String, String> own = new LinkedHashMap<>(overrides);
        own.put("spring.application.name", service.serviceName());
        own.put("server.port", "0");
        own.put("server.address", "127.0.0.1");
        URL_PROPERTY.forEach((callee, property) -> {
          String url = commandLine.getProperty(property, mesh.urls.get(callee));
          if (url != null) own.put(property, url);
        });
        if (commandLine.getProperty(GRPC_FLAG, Boolean.class, false)) {
          // reviews calls ratings over gRPC: ratings serves it on a free port, reviews is told where.
          if (service == BookinfoService.RATINGS) own.put("bookinfo.ratings.grpc-port", "0");
          if (service == BookinfoService.REVIEWS && mesh.grpcTarget != null) {
            own.put("bookinfo.ratings-grpc-target", mesh.grpcTarget);
          }
        }
        Map<String, Object> serviceDefaults = new HashMap<>(service.defaultProperties());
        serviceDefaults.putAll(defaults);
        SpringApplication application = new SpringApplication(service.configuration());
        application.setDefaultProperties(serviceDefaults);
        application.addInitializers(customizer::accept);
        ConfigurableApplicationContext context = application.run(withOverrides(args, own));
        mesh.contexts.put(service, context);
        mesh.urls.put(service, "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        String grpcPort = context.getEnvironment().getProperty("local.grpc.port");
        if (service == BookinfoService.RATINGS && grpcPort != null) mesh.grpcTarget = "127.0.0.1:" + grpcPort;
      }
      return mesh;
    } catch (RuntimeException e) {
      mesh.close();
      throw e;
    }
  }

  /** {@code args} without the options named in {@code overrides}, followed by those as options. */
  static String[] withOverrides(String[] args, Map<String, String> overrides) {
    List<String> result = new ArrayList<>();
    for (String arg : args) {
      String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : null;
      if (name == null || !overrides.containsKey(name)) result.add(arg);
    }
    overrides.forEach((name, value) -> result.add("--" + name + "=" + value));
    return result.toArray(String[]::new);
  }

  /** The bean of {@code type} in {@code service}'s application context. */
  <T> T bean(BookinfoService service, Class<T> type) {
    return contexts.get(service).getBean(type);
  }

  /** The base URL of {@code service}. */
  String url(BookinfoService service) {
    return urls.get(service);
  }

  @Override
  public void close() {
    for (int i = START_ORDER.size() - 1; i >= 0; i--) {
      ConfigurableApplicationContext context = contexts.remove(START_ORDER.get(i));
      if (context != null) context.close();
    }
  }
}
