package dev.meshtrace.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The base of the client proxies: calls the wrapped client for every method the subclass does not trace, so the
 * proxy has exactly the methods of the application's kafka-clients version. {@code equals} and {@code hashCode} are
 * the proxy's own identity; {@code toString} names the wrapped client.
 */
abstract class ForwardingHandler implements InvocationHandler {
  final Object delegate;

  ForwardingHandler(Object delegate) {
    this.delegate = delegate;
  }

  @Override
  public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "Traced" + delegate;
      }
    }
    return traced(method, args);
  }

  /** Handles a call of a method of the client's interface, tracing it or calling {@link #forward}. */
  abstract Object traced(Method method, Object[] args) throws Throwable;

  /** Calls {@code method} on the wrapped client, throwing what it throws. */
  final Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
