package dev.meshtrace.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Tracing;
import jakarta.servlet.Filter;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/** {@code meshtrace.enabled=false}: the same application, with nothing of meshtrace left in it. */
@SpringBootTest(classes = BooksApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.application.name=books", "meshtrace.enabled=false"})
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext // closed after the class, so the next application in this JVM initialises logging anew
class StarterDisabledTest extends DownstreamFixture {
  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @Test
  void noFilterNoInterceptorNoHeaderNoSpanNoLogIds(CapturedOutput output) throws Exception {
    assertThat(Inbound.get(port, "/books/7", "X-B3-TraceId", StarterEndToEndTest.TRACE_ID, "X-B3-SpanId",
        StarterEndToEndTest.CALLER_SPAN_ID, "X-B3-Sampled", "1", "x-request-id", StarterEndToEndTest.REQUEST_ID)
        .statusCode()).isEqualTo(200);

    List<RecordedRequest> received = downstream.take(2);
    assertThat(received).allSatisfy(request -> assertThat(request.getHeaders().names())
        .doesNotContain("x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "b3", "traceparent",
            "x-request-id"));
    assertThat(received.get(0).getHeader("x-app")).isEqualTo("mine");
    assertThat(context.getBeansOfType(Tracing.class)).isEmpty();
    assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
        .noneMatch(registration -> registration.getFilter().getClass().getName().startsWith("dev.meshtrace"));
    assertThat(context.getBeansOfType(Filter.class).values())
        .noneMatch(filter -> filter.getClass().getName().startsWith("dev.meshtrace"));
    assertThat(StarterEndToEndTest.logLine(output, "handling book 7")).doesNotContain(StarterEndToEndTest.TRACE_ID)
        .doesNotContain(StarterEndToEndTest.REQUEST_ID);
  }
}
