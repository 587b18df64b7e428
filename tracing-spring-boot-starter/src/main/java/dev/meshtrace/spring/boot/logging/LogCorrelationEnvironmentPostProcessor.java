package dev.meshtrace.spring.boot.logging;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes Spring Boot's default log pattern show the IDs that {@link MdcScopeDecorator} puts in the MDC, by giving
 * {@code logging.pattern.correlation} a default: {@code [traceId-spanId-requestId] } before the logger name. The
 * property source is added last, so any value the application sets wins; nothing is added when
 * {@code meshtrace.enabled} or {@code meshtrace.log-correlation.enabled} is false.
 *
 * <p>Implements the interface of Spring Boot 3.x, which Spring Boot 4.0 still loads (deprecated there).
 */
public final class LogCorrelationEnvironmentPostProcessor implements EnvironmentPostProcessor {
  /** The name of the property source added. */
  public static final String PROPERTY_SOURCE_NAME = "meshtraceLogCorrelation";
  /** Boot's correlation converter, fed from the MDC keys of {@link MdcScopeDecorator}, with their widths. */
  static final String CORRELATION_PATTERN = "%correlationId{" + MdcScopeDecorator.TRACE_ID + "(32),"
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
