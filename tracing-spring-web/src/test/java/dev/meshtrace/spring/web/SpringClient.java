package dev.meshtrace.spring.web;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestTemplate;

/** The two Spring clients under test, each over a different real HTTP stack, sending a GET. */
enum SpringClient {
  /** {@code RestClient} over the JDK's {@code java.net.http.HttpClient}, which returns redirects unfollowed. */
  REST_CLIENT {
    @Override
    Get create(ClientHttpRequestInterceptor interceptor, Duration readTimeout) {
      JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory();
      if (readTimeout != null) factory.setReadTimeout(readTimeout);
      RestClient client = RestClient.builder()
          .requestFactory(factory)
          .requestInterceptor(interceptor)
          .build();
      return (uri, headers) -> statusOf(() -> client.get().uri(uri).headers(h -> headers.forEach(h::set))
          .retrieve().toEntity(String.class).getStatusCode().value());
    }
  },
  /** {@code RestTemplate} over {@code HttpURLConnection}, which follows a GET's redirects below the interceptor. */
  REST_TEMPLATE {
    @Override
    Get create(ClientHttpRequestInterceptor interceptor, Duration readTimeout) {
      SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
      if (readTimeout != null) factory.setReadTimeout(readTimeout);
      RestTemplate template = new RestTemplate(factory);
      template.getInterceptors().add(interceptor);
      // execute with callbacks: HttpEntity's constructors differ in binary form between Spring 6.2 and 7.
      return (uri, headers) -> statusOf(() -> template.execute(uri, HttpMethod.GET,
          request -> headers.forEach(request.getHeaders()::set),
          response -> response.getStatusCode().value()));
    }
  };

  /** Sends a GET with extra headers and returns the status, error statuses included. */
  @FunctionalInterface
  interface Get {
    int send(URI uri, Map<String, String> headers);

    default int send(URI uri) {
      return send(uri, Map.of());
    }
  }

  /** A client with {@code interceptor}, reads timing out after {@code readTimeout} (null: the default). */
  abstract Get create(ClientHttpRequestInterceptor interceptor, Duration readTimeout);

  Get create(ClientHttpRequestInterceptor interceptor) {
    return create(interceptor, null);
  }

  private static int statusOf(java.util.function.IntSupplier exchange) {
    try {
      return exchange.getAsInt();
    } catch (RestClientResponseException e) {
      return e.getStatusCode().value();
    }
  }
}
