package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.spring.web.TracingClientHttpRequestInterceptor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Adds the tracing interceptor, last and once, to {@code RestTemplate} and {@code RestClient.Builder} beans and to
 * Boot's {@code RestTemplateBuilder}. Spring Framework's types are the same in Boot 3.5 and 4.0; the builder moved
 * from {@code org.springframework.boot.web.client} to {@code org.springframework.boot.restclient}, so it is matched
 * by name and given the interceptor through its {@code additionalInterceptors} method, which both generations have.
 */
final class SpringClientsPostProcessor implements BeanPostProcessor {
  static final Set<String> REST_TEMPLATE_BUILDERS = Set.of(
      "org.springframework.boot.web.client.RestTemplateBuilder", // Spring Boot 3.x
      "org.springframework.boot.restclient.RestTemplateBuilder"); // Spring Boot 4.x

  private final ObjectProvider<TracingClientHttpRequestInterceptor> interceptor;

  SpringClientsPostProcessor(ObjectProvider<TracingClientHttpRequestInterceptor> interceptor) {
    this.interceptor = interceptor;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof RestTemplate) {
      List<ClientHttpRequestInterceptor> interceptors = ((RestTemplate) bean).getInterceptors();
      if (!isTraced(interceptors)) interceptors.add(interceptor.getObject());
    } else if (bean instanceof RestClient.Builder) {
      ((RestClient.Builder) bean).requestInterceptors(interceptors -> {
        if (!isTraced(interceptors)) interceptors.add(interceptor.getObject());
      });
    } else if (REST_TEMPLATE_BUILDERS.contains(bean.getClass().getName())) {
      return withInterceptor(bean);
    }
    return bean;
  }

  private static boolean isTraced(List<ClientHttpRequestInterceptor> interceptors) {
    for (ClientHttpRequestInterceptor candidate : interceptors) {
      if (candidate instanceof TracingClientHttpRequestInterceptor) return true;
    }
    return false;
  }

  /** {@code builder.additionalInterceptors(interceptor)}: a new builder, as the builder is immutable. */
  private Object withInterceptor(Object builder) {
    try {
      Method additionalInterceptors =
          builder.getClass().getMethod("additionalInterceptors", ClientHttpRequestInterceptor[].class);
      Object[] arguments = {new ClientHttpRequestInterceptor[] {interceptor.getObject()}};
      return additionalInterceptors.invoke(builder, arguments);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot add the tracing interceptor to " + builder.getClass().getName(), e);
    }
  }
}
