package dev.meshtrace.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OkHttp interceptor chain without a network: runs the given interceptors in order, as OkHttp does (a new
 * chain object per step), and answers the last {@code proceed} with a prepared response.
 */
final class FakeChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final int index;
  private final Call call;
  private final Request request;
  private final Response response;

  FakeChain(List<Interceptor> interceptors, Call call, Response response) {
    this(interceptors, 0, call, call.request(), response);
  }

  private FakeChain(List<Interceptor> interceptors, int index, Call call, Request request, Response response) {
    this.interceptors = interceptors;
    this.index = index;
    this.call = call;
    this.request = request;
    this.response = response;
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public Response proceed(Request request) throws IOException {
    if (index == interceptors.size()) return response;
    return interceptors.get(index).intercept(new FakeChain(interceptors, index + 1, call, request, response));
  }

  @Override
  public Connection connection() {
    return null;
  }

  @Override
  public Call call() {
    return call;
  }

  @Override
  public int connectTimeoutMillis() {
    return 10_000;
  }

  @Override
  public Interceptor.Chain withConnectTimeout(int timeout, TimeUnit unit) {
    return this;
  }

  @Override
  public int readTimeoutMillis() {
    return 10_000;
  }

  @Override
  public Interceptor.Chain withReadTimeout(int timeout, TimeUnit unit) {
    return this;
  }

  @Override
  public int writeTimeoutMillis() {
    return 10_000;
  }

  @Override
  public Interceptor.Chain withWriteTimeout(int timeout, TimeUnit unit) {
    return this;
  }
}
