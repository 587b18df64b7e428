package dev.meshtrace.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one real Zipkin server for the whole test run (all test classes of a module share it) and kills it when the
 * run ends, whether tests passed or failed. Register it either way:
 *
 * <pre>{@code
 * @RegisterExtension static final ZipkinServerExtension zipkin = new ZipkinServerExtension();
 * ... zipkin.server().spansEndpoint() ... zipkin.server().api().awaitTrace(traceId, 3, Duration.ofSeconds(10))
 *
 * @ExtendWith(ZipkinServerExtension.class)
 * class MyTest { @Test void reports(ZipkinServer zipkin, ZipkinApi api) { ... } }
 * }</pre>
 *
 * <p>The server starts lazily, on the first test class that uses it (about 15 seconds), so a filtered run that
 * needs no Zipkin starts none. See {@link ZipkinServer} for how the jar is found.
 */
public final class ZipkinServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ZipkinServerExtension.class);

  private volatile ZipkinServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = sharedServer(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) server = sharedServer(context);
  }

  /**
   * The running server.
   *
   * @throws IllegalStateException before JUnit called this extension (e.g. from a static initializer)
   */
  public ZipkinServer server() {
    ZipkinServer result = server;
    if (result == null) {
      throw new IllegalStateException("Zipkin is started by JUnit: register ZipkinServerExtension with "
          + "@RegisterExtension or @ExtendWith and use it from tests or @BeforeAll/@BeforeEach methods");
    }
    return result;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ZipkinServer.class || type == ZipkinApi.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ZipkinServer shared = sharedServer(context);
    return parameter.getParameter().getType() == ZipkinApi.class ? shared.api() : shared;
  }

  /** The run's server, started on first use; JUnit closes it when the root context closes. */
  private static ZipkinServer sharedServer(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(ZipkinServer.class, key -> ZipkinServer.start(), ZipkinServer.class);
  }
}
