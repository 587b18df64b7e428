package dev.meshtrace.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.Tracing;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactingSpanHandlerTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();

  MutableSpan reportThrough(RedactingSpanHandler redacting) {
    Tracing tracing = Tracing.newBuilder().addSpanHandler(redacting).addSpanHandler(spans).build();
    tracing.tracer().newTrace().name("login")
        .tag("http.path", "/login?password=hunter2&user=alice")
        .tag("card", "4111-1111-1111-1111")
        .tag("untouched", "nothing to hide")
        .annotate("sent password=hunter2")
        .annotate("plain event")
        .error(new IllegalStateException("bad password=hunter2"))
        .finish();
    return spans.spans().get(0);
  }

  @Test
  void replacesMatchesInTagsAnnotationsAndTheErrorTagBeforeExportersSeeThem() {
    MutableSpan span = reportThrough(
        RedactingSpanHandler.create(List.of("password=[^&\\s]*", "\\d{4}-\\d{4}-\\d{4}-\\d{4}"), "***"));

    assertThat(span.tag("http.path")).isEqualTo("/login?***&user=alice");
    assertThat(span.tag("card")).isEqualTo("***");
    assertThat(span.tag("untouched")).isEqualTo("nothing to hide");
    assertThat(span.tag("error")).isEqualTo("bad ***");
    assertThat(span.annotationValue(0)).isEqualTo("sent ***");
    assertThat(span.annotationValue(1)).isEqualTo("plain event");
    assertThat(span.annotationTimestamp(0)).isPositive();
  }

  @Test
  void everyMatchInAValueIsReplaced() {
    MutableSpan span = reportThrough(RedactingSpanHandler.create(List.of("\\d{4}"), "#"));

    assertThat(span.tag("card")).isEqualTo("#-#-#-#");
  }

  @Test
  void replacementIsLiteralText() {
    MutableSpan span = reportThrough(RedactingSpanHandler.create(List.of("hunter2"), "$1\\"));

    assertThat(span.tag("http.path")).isEqualTo("/login?password=$1\\&user=alice");
  }

  @Test
  void anInvalidPatternFailsNamingIt() {
    assertThatThrownBy(() -> RedactingSpanHandler.create(List.of("ok", "(unclosed"), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'(unclosed'");
  }
}
