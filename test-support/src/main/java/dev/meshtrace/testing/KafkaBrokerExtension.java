package dev.meshtrace.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one real Kafka broker for the whole test run (all test classes of a module share it) and kills it, deleting
 * its data, when the run ends, whether tests passed or failed. Register it either way:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
 * ... kafka.broker().bootstrapServers() ...
 *
 * @ExtendWith(KafkaBrokerExtension.class)
 * class MyTest { @Test void sends(KafkaBroker kafka) { ... } }
 * }</pre>
 *
 * <p>The broker starts lazily, on the first test class that uses it (a few seconds), so a filtered run that needs no
 * Kafka starts none. Tests share its topics: give each test its own topic (or consumer group). A test that kills the
 * broker starts its own {@link KafkaBroker} instead of using the shared one.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  private volatile KafkaBroker broker;

  @Override
  public void beforeAll(ExtensionContext context) {
    broker = sharedBroker(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (broker == null) broker = sharedBroker(context);
  }

  /**
   * The running broker.
   *
   * @throws IllegalStateException before JUnit called this extension (e.g. from a static initializer)
   */
  public KafkaBroker broker() {
    KafkaBroker result = broker;
    if (result == null) {
      throw new IllegalStateException("The Kafka broker is started by JUnit: register KafkaBrokerExtension with "
          + "@RegisterExtension or @ExtendWith and use it from tests or @BeforeAll/@BeforeEach methods");
    }
    return result;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return sharedBroker(context);
  }

  /** The run's broker, started on first use; JUnit closes it when the root context closes. */
  private static KafkaBroker sharedBroker(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(KafkaBroker.class, key -> KafkaBroker.start(), KafkaBroker.class);
  }
}
