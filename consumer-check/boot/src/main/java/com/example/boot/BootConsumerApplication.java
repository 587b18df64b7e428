package com.example.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A user's service with no tracing code: {@code /checkout} calls {@code /inventory} on the same server with a
 * RestClient from Boot's builder and answers with the headers that call carried.
 */
@SpringBootApplication
@RestController
public class BootConsumerApplication {
  private final RestClient.Builder restClients;

  BootConsumerApplication(RestClient.Builder restClients) {
    this.restClients = restClients;
  }

  public static void main(String[] args) {
    SpringApplication.run(BootConsumerApplication.class, args);
  }

  @GetMapping("/checkout")
  Map<String, String> checkout(HttpServletRequest request) {
    RestClient inventory = restClients.baseUrl("http://127.0.0.1:" + request.getLocalPort()).build();
    return inventory.get().uri("/inventory").retrieve().body(new ParameterizedTypeReference<>() {});
  }

  @GetMapping("/inventory")
  Map<String, String> inventory(@RequestHeader Map<String, String> headers) {
    return headers;
  }
}
