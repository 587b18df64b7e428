package dev.meshtrace.spring.boot.autoconfigure;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.springframework.web.client.RestClient;

/**
 * A {@code RestClient.Builder} that, when it builds a client, first moves the tracing interceptor to the end of its
 * interceptors, so interceptors added after the builder was created still run outside tracing (Spring's builder
 * offers no hook that runs when it builds). A JDK proxy, so it has every method of the interface on Spring Framework
 * 6.2 and 7 alike; calls that return the builder return the proxy, and {@code clone()} a proxy of the clone.
 */
final class InnermostTracingRestClientBuilder implements InvocationHandler {
  private final RestClient.Builder delegate;

  private InnermostTracingRestClientBuilder(RestClient.Builder delegate) {
    this.delegate = delegate;
  }

  static RestClient.Builder wrap(RestClient.Builder builder) {
    return (RestClient.Builder) Proxy.newProxyInstance(RestClient.Builder.class.getClassLoader(),
        new Class<?>[] {RestClient.Builder.class}, new InnermostTracingRestClientBuilder(builder));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) return objectMethod(proxy, method, args);
    if (method.getName().equals("build") && method.getParameterCount() == 0) {
      // a builder whose tracing interceptor the application removed stays without one
      delegate.requestInterceptors(SpringClientsPostProcessor::moveTracingLast);
    }
    Object result;
    try {
      result = method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result == delegate) return proxy;
    if (result instanceof RestClient.Builder) return wrap((RestClient.Builder) result);
    return result;
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "InnermostTracingRestClientBuilder(" + delegate + ")";
    }
  }
}
