package dev.meshtrace.examples.bookinfo.productpage;

import dev.meshtrace.examples.bookinfo.DownstreamUrls;
import io.netty.channel.ChannelOption;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@code productpage} service: the page of a book, put together from {@code details} (called with a
 * {@link WebClient}) and {@code reviews} (called with a {@link RestClient}). Both clients come from Boot's
 * auto-configured builders, which is what gets them traced.
 */
@SpringBootApplication
public class ProductPageService {
  @Bean
  DownstreamClients downstreamClients(WebClient.Builder webClients, RestClient.Builder restClients,
      Environment environment) {
    return new DownstreamClients(
        webClient(webClients, DownstreamUrls.required(environment, "bookinfo.details-url")),
        client(restClients, DownstreamUrls.required(environment, "bookinfo.reviews-url")));
  }

  private static WebClient webClient(WebClient.Builder builder, String baseUrl) {
    reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000)
        .responseTimeout(Duration.ofSeconds(3));
    return builder.baseUrl(baseUrl).clientConnector(new ReactorClientHttpConnector(netty)).build();
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
  record DownstreamClients(WebClient details, RestClient reviews) {}
}
