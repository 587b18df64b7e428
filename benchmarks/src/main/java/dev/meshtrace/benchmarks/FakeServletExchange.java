package dev.meshtrace.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/**
 * An in-memory servlet request and response, enough for a tracing filter to run on without a container: the
 * methods the filters call answer from fields; any other call fails the run (the set-up check would show it).
 * Reused across calls: {@link #reset()} clears what a call left behind.
 */
final class FakeServletExchange {
  final Request request;
  final Response response = new Response();

  FakeServletExchange(Map<String, String> headers) {
    request = new Request(headers);
  }

  void reset() {
    request.attributes.clear();
    response.headers.clear();
  }

  /** GET /api/items from 10.0.0.2:54321, with the given headers. */
  static final class Request extends HttpServletRequestWrapper {
    private final Map<String, String> headers;
    final Map<String, Object> attributes = new HashMap<>();

    Request(Map<String, String> headers) {
      super(unsupported(HttpServletRequest.class));
      this.headers = headers;
    }

    @Override
    public String getHeader(String name) {
      return headers.get(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      String value = headers.get(name);
      return value == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singleton(value));
    }

    @Override
    public String getMethod() {
      return "GET";
    }

    @Override
    public String getRequestURI() {
      return "/api/items";
    }

    @Override
    public StringBuffer getRequestURL() {
      return new StringBuffer("http://localhost:8080/api/items");
    }

    @Override
    public String getQueryString() {
      return null;
    }

    @Override
    public String getRemoteAddr() {
      return "10.0.0.2";
    }

    @Override
    public int getRemotePort() {
      return 54321;
    }

    @Override
    public Object getAttribute(String name) {
      return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
      attributes.remove(name);
    }

    @Override
    public boolean isAsyncStarted() {
      return false;
    }

    @Override
    public DispatcherType getDispatcherType() {
      return DispatcherType.REQUEST;
    }
  }

  /** A 200 response that keeps the headers set on it. */
  static final class Response extends HttpServletResponseWrapper {
    final Map<String, String> headers = new HashMap<>();

    Response() {
      super(unsupported(HttpServletResponse.class));
    }

    @Override
    public int getStatus() {
      return 200;
    }

    @Override
    public boolean isCommitted() {
      return false;
    }

    @Override
    public void setHeader(String name, String value) {
      headers.put(name, value);
    }

    @Override
    public String getHeader(String name) {
      return headers.get(name);
    }
  }

  private static <T> T unsupported(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      throw new UnsupportedOperationException(method.getName() + " is not faked");
    }));
  }
}
