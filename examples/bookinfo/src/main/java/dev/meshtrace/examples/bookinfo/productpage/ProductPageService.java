package dev.meshtrace.examples.bookinfo.productpage;

import dev.meshtrace.examples.bookinfo.DownstreamUrls;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The {@code productpage} service: the page of a book, put together from {@code details} and {@code reviews}.
 * Both clients come from the auto-configured {@link RestClient.Builder}, which is what gets them traced.
 */
@SpringBootApplication
public class ProductPageService {
  @Bean
  DownstreamClients downstreamClients(RestClient.Builder builder, Environment environment) {
    return new DownstreamClients(
        client(builder, DownstreamUrls.required(environment, "bookinfo.details-url")),
        client(builder, DownstreamUrls.required(environment, "bookinfo.reviews-url")));
  }

  private static RestClient client(RestClient.Builder builder, String baseUrl) {
    HttpClient httpClient = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1))
        .build();
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
    requestFactory.setReadTimeout(Duration.ofSeconds(3));
    return builder.clone().baseUrl(baseUrl).requestFactory(requestFactory).build();
  }

  /** The clients of the two services the product page calls. */
  record DownstreamClients(RestClient details, RestClient reviews) {}
}
