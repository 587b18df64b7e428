package dev.meshtrace.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.testing.ZipkinServer;
import dev.meshtrace.testing.ZipkinServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import zipkin2.Span;

@ExtendWith(ZipkinServerExtension.class)
class PlainJavaExampleTest {
  @Test
  void oneRequestMakesOneTraceInZipkin(ZipkinServer zipkin) throws Exception {
    String traceId = PlainJavaExample.run(zipkin.spansEndpoint(), true);

    List<Span> spans = zipkin.api().awaitTrace(traceId, 5, Duration.ofSeconds(20));
    assertThat(spans).hasSize(5).allSatisfy(span -> assertThat(span.localServiceName()).isEqualTo("plain-java"));
    Span root = only(spans, null, "say hello");
    Span toHello = only(spans, Span.Kind.CLIENT, "/hello");
    Span hello = only(spans, Span.Kind.SERVER, "/hello");
    Span toGreeting = only(spans, Span.Kind.CLIENT, "/greeting");
    Span greeting = only(spans, Span.Kind.SERVER, "/greeting");
    assertThat(root.parentId()).isNull();
    assertThat(toHello.parentId()).isEqualTo(root.id());
    assertThat(hello.parentId()).isEqualTo(toHello.id());
    assertThat(toGreeting.parentId()).isEqualTo(hello.id());
    assertThat(greeting.parentId()).isEqualTo(toGreeting.id());
    assertThat(hello.tags()).containsKey("guid:x-request-id");
    assertThat(greeting.tags().get("guid:x-request-id")).isEqualTo(hello.tags().get("guid:x-request-id"));
  }

  /** The span of {@code kind} whose path (or, for a local span, name) is {@code what}. */
  private static Span only(List<Span> spans, Span.Kind kind, String what) {
    List<Span> found = spans.stream()
        .filter(span -> span.kind() == kind)
        .filter(span -> what.equals(kind == null ? span.name() : span.tags().get("http.path")))
        .toList();
    assertThat(found).as(kind + " " + what + " in " + spans).hasSize(1);
    return found.get(0);
  }
}
