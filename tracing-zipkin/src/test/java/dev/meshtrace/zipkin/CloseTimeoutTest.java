package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ZipkinSpanHandler#close()} takes its time limit from the builder. */
class CloseTimeoutTest {
  final TestCollector collector = TestCollector.start();

  @AfterEach
  void stopCollector() {
    collector.close();
  }

  @Test
  void closeKeepsDeliveringForTheBuildersCloseTimeoutNotTheDefault() throws Exception {
    collector.hold();
    ZipkinSpanHandler handler = ZipkinSpanHandlerFaultTest.builder(collector)
        .closeTimeout(Duration.ofMinutes(10)).build();
    handler.end(null, ZipkinSpanHandlerFaultTest.span(1));
    collector.awaitFirstRequest();
    handler.end(null, ZipkinSpanHandlerFaultTest.span(2));

    CompletableFuture<Void> closed = new CompletableFuture<>();
    Thread closer = new Thread(() -> {
      handler.close();
      closed.complete(null);
    }, "closer");
    closer.start();
    try {
      // A close() ignoring the builder would give up after the 5 s default while the backend holds the message.
      assertThatThrownBy(() -> closed.get(6, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);

      collector.release();
      closed.get(1, TimeUnit.MINUTES);
      assertThat(collector.spans()).extracting(s -> s.name()).containsExactly("span-1", "span-2");
      assertThat(handler.metrics().spansDropped()).isZero();
    } finally {
      closer.interrupt();
    }
  }
}
