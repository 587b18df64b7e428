package dev.meshtrace.spring.boot.autoconfigure;

import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails startup when Micrometer Tracing has a working tracer too: both would instrument the same requests, start
 * two spans per call and write trace headers twice. Micrometer's no-op tracer (present without a bridge, or with
 * tracing switched off) is no conflict.
 */
final class MicrometerTracingGuard implements SmartInitializingSingleton {
  private final ListableBeanFactory beanFactory;

  MicrometerTracingGuard(ListableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Map<String, io.micrometer.tracing.Tracer> tracers =
        beanFactory.getBeansOfType(io.micrometer.tracing.Tracer.class, false, false);
    for (Map.Entry<String, io.micrometer.tracing.Tracer> entry : tracers.entrySet()) {
      if (entry.getValue() == io.micrometer.tracing.Tracer.NOOP) continue;
      throw new MicrometerTracingConflictException(entry.getKey(), entry.getValue().getClass().getName());
    }
  }
}
