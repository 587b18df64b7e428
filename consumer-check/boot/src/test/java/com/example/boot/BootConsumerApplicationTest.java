package com.example.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service started once, with the starter alone, and one request as an Envoy sidecar sends it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "meshtrace.zipkin.endpoint=http://127.0.0.1:9/api/v2/spans")
class BootConsumerApplicationTest {
  static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  static final String REQUEST_ID = "0b4d9a2e-2d7c-4b1e-9f1a-7c3e5d6f8a90";

  @LocalServerPort int port;

  @Test
  void theOutboundCallCarriesTheInboundTraceAndRequestId() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checkout"))
        .header("x-request-id", REQUEST_ID)
        .header("traceparent", "00-" + TRACE_ID + "-a2fb4a1d1a96d312-01")
        .build();

    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"x-request-id\":\"" + REQUEST_ID + "\"")
        .contains("\"x-b3-traceid\":\"" + TRACE_ID + "\"")
        .containsPattern("\"traceparent\":\"00-" + TRACE_ID + "-[0-9a-f]{16}-01\"")
        .doesNotContain("a2fb4a1d1a96d312-01\""); // the call is a child span of this service's, not the caller's
  }
}
