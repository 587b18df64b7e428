package dev.meshtrace.spring.boot.logging;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes Spring Boot's default log pattern show the IDs that {@link MdcScopeDecorator} puts in the MDC, by giving
 * {@code logging.pattern.correlation} a default: {@code [traceId-spanId] } before the logger name, the very field
 * (and blank padding outside a request) that Boot users see with Micrometer Tracing. The request ID is in the MDC
 * too; adding it is one property ({@link #WITH_REQUEST_ID}). The property source is added last, so any value the
 * application sets wins; nothing is added when {@code meshtrace.enabled} or
 * {@code meshtrace.log-correlation.enabled} is false.
 *
 * <p>Implements the interface of Spring Boot 3.x, which Spring Boot 4.0 still loads (deprecated there).
 */
public final class LogCorrelationEnvironmentPostProcessor implements EnvironmentPostProcessor {
  /** The name of the property source added. */
  public static final String PROPERTY_SOURCE_NAME = "meshtraceLogCorrelation";
  /** Boot's correlation converter over the MDC keys of {@link MdcScopeDecorator}, with Boot's default widths. */
  static final String CORRELATION_PATTERN = "%correlationId{" + MdcScopeDecorator.TRACE_ID + "(32),"
      + MdcScopeDecorator.SPAN_ID + "(16)}";
  /** The value of {@code logging.pattern.correlation} that adds the request ID (x-request-id) to the field. */
  public static final String WITH_REQUEST_ID = "%correlationId{" + MdcScopeDecorator.TRACE_ID + "(32),"
      + MdcScopeDecorator.SPAN_ID + "(16)," + MdcScopeDecorator.REQUEST_ID + "(36)}";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    boolean enabled = environment.getProperty("meshtrace.enabled", Boolean.class, true)
        && environment.getProperty("meshtrace.log-correlation.enabled", Boolean.class, true);
    if (!enabled || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) return;
    environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
        Map.of("logging.pattern.correlation", CORRELATION_PATTERN)));
  }
}
