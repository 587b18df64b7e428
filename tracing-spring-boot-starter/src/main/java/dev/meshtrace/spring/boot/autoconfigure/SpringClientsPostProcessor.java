package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.spring.web.TracingClientHttpRequestInterceptor;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Puts the tracing interceptor last, the innermost, on the clients the application gets from Spring: the
 * interceptors it adds run first, so each exchange that reaches the request factory gets the span, and the headers
 * tracing writes replace any of the same name an interceptor set.
 *
 * <ul>
 *   <li>a {@code RestTemplate} bean: last among the interceptors it has when it becomes a bean;
 *   <li>a {@code RestClient.Builder} bean: last when a client is built from it (or from its clones), whatever was
 *       added to the builder before;
 *   <li>Boot's {@code RestTemplateBuilder}: a customizer of the builder adds it last to every template built.
 * </ul>
 * Spring Framework's types are the same in Boot 3.5 and 4.0; the builder moved from
 * {@code org.springframework.boot.web.client} to {@code org.springframework.boot.restclient} with its
 * {@code RestTemplateCustomizer}, so both are reached by name.
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
      placeLast(((RestTemplate) bean).getInterceptors());
    } else if (bean instanceof RestClient.Builder) {
      RestClient.Builder builder = (RestClient.Builder) bean;
      builder.requestInterceptors(this::placeLast);
      return InnermostTracingRestClientBuilder.wrap(builder);
    } else if (REST_TEMPLATE_BUILDERS.contains(bean.getClass().getName())) {
      return withCustomizer(bean);
    }
    return bean;
  }

  /** Moves the tracing interceptor to the end of {@code interceptors}, adding it when absent. */
  private void placeLast(List<ClientHttpRequestInterceptor> interceptors) {
    if (!moveTracingLast(interceptors)) interceptors.add(interceptor.getObject());
  }

  /**
   * Moves the first tracing interceptor in {@code interceptors} to the end, dropping any other (one is enough);
   * false when there is none.
   */
  static boolean moveTracingLast(List<ClientHttpRequestInterceptor> interceptors) {
    ClientHttpRequestInterceptor tracing = null;
    for (Iterator<ClientHttpRequestInterceptor> it = interceptors.iterator(); it.hasNext(); ) {
      ClientHttpRequestInterceptor candidate = it.next();
      if (candidate instanceof TracingClientHttpRequestInterceptor) {
        if (tracing == null) tracing = candidate;
        it.remove();
      }
    }
    if (tracing == null) return false;
    interceptors.add(tracing);
    return true;
  }

  /**
   * {@code builder.additionalCustomizers(customizer)}, the customizer placing the tracing interceptor last on each
   * template built: the builder runs its customizers after it set its interceptors.
   */
  private Object withCustomizer(Object builder) {
    Class<?> builderType = builder.getClass();
    try {
      Class<?> customizerType =
          Class.forName(builderType.getPackageName() + ".RestTemplateCustomizer", false, builderType.getClassLoader());
      Object customizers = Array.newInstance(customizerType, 1);
      Array.set(customizers, 0, Proxy.newProxyInstance(customizerType.getClassLoader(),
          new Class<?>[] {customizerType}, new TemplateCustomizer()));
      return builderType.getMethod("additionalCustomizers", customizers.getClass()).invoke(builder, customizers);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot add the tracing interceptor to " + builderType.getName(), e);
    }
  }

  /** Boot's {@code RestTemplateCustomizer}, of either generation: {@code customize(RestTemplate)}. */
  private final class TemplateCustomizer implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      switch (method.getName()) {
        case "customize":
          placeLast(((RestTemplate) args[0]).getInterceptors());
          return null;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "meshtrace RestTemplateCustomizer";
      }
    }
  }
}
