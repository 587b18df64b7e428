package com.example.plain;

import com.sun.net.httpserver.HttpServer;
import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.okhttp.MeshtraceOkHttp;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A user's plain Java program, built against the installed meshtrace artifacts only: it calls a downstream through a
 * traced OkHttp client under a span of its own, closes tracing, and exits non-zero unless the downstream received the
 * trace and the Zipkin endpoint (a loopback stand-in that keeps what is posted) received both spans.
 */
public final class PlainConsumer {
  public static void main(String[] args) throws Exception {
    Map<String, String> downstreamHeaders = new ConcurrentHashMap<>();
    AtomicReference<String> posted = new AtomicReference<>("");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/downstream", exchange -> {
      exchange.getRequestHeaders().forEach((name, values) -> downstreamHeaders.put(name.toLowerCase(), values.get(0)));
      answer(exchange, 200);
    });
    server.createContext("/api/v2/spans", exchange -> {
      posted.accumulateAndGet(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
          String::concat);
      answer(exchange, 202);
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();

    String traceId;
    ZipkinSpanHandler zipkin = ZipkinSpanHandler.newBuilder().endpoint(base + "/api/v2/spans").compression(false)
        .build();
    try (Tracing tracing = Tracing.newBuilder().serviceName("plain-consumer").addSpanHandler(zipkin).build()) {
      OkHttpClient client = MeshtraceOkHttp.create(HttpTracing.create(tracing)).instrument(new OkHttpClient());
      Span span = tracing.tracer().newTrace().name("checkout").start();
      traceId = span.context().traceIdString();
      try (Scope scope = tracing.tracer().withSpanInScope(span);
          Response response = client.newCall(new Request.Builder().url(base + "/downstream").build()).execute()) {
        require(response.code() == 200, "downstream answered " + response.code());
      } finally {
        span.finish();
      }
    } finally {
      server.stop(0);
    }

    require(traceId.equals(downstreamHeaders.get("x-b3-traceid")), "x-b3-traceid sent: " + downstreamHeaders);
    require(String.valueOf(downstreamHeaders.get("traceparent")).contains(traceId),
        "traceparent sent: " + downstreamHeaders);
    require(posted.get().contains("\"name\":\"checkout\"") && posted.get().contains("\"kind\":\"CLIENT\""),
        "spans posted to Zipkin: " + posted.get());
    System.out.println("plain consumer: trace " + traceId + " reached the downstream and Zipkin");
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static void require(boolean condition, String failure) {
    if (!condition) throw new IllegalStateException(failure);
  }
}
