package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orphans.boot.ReviewsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** With Boot's default web exposure the {@code meshtrace} endpoint is not reachable over HTTP, health is. */
@SpringBootTest(classes = ReviewsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=reviews", "meshtrace.zipkin.enabled=false"})
@DirtiesContext
class MeshtraceEndpointExposureTest extends DownstreamFixture {
  @LocalServerPort int port;

  @Test
  void theEndpointIsNotExposedOverTheWebByDefault() throws Exception {
    assertThat(Inbound.get(port, "/actuator/health").statusCode()).isEqualTo(200);
    assertThat(Inbound.get(port, "/actuator/meshtrace").statusCode()).isEqualTo(404);
  }
}
