package dev.meshtrace.zipkin;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import java.time.Duration;

/**
 * A service as {@link ZipkinSpanHandlerShutdownTest} runs it in a child JVM: it closes its handler from a shutdown
 * hook, reports spans to the endpoint given as the first argument, says {@code ready} and waits to be killed.
 */
public final class ShutdownHookFixture {
  private ShutdownHookFixture() {}

  public static void main(String[] args) throws InterruptedException {
    ZipkinSpanHandler handler = ZipkinSpanHandler.newBuilder().endpoint(args[0]).sender(SenderType.URL_CONNECTION)
        .flushInterval(Duration.ofMillis(20)).closeTimeout(Duration.ofSeconds(1)).build();
    Runtime.getRuntime().addShutdownHook(new Thread(handler::close, "close zipkin"));
    int spans = Integer.parseInt(args[1]);
    for (long id = 1; id <= spans; id++) {
      handler.end(null, new MutableSpan().ids(TraceContext.builder().traceId(0, 42).spanId(id).sampled(true)
          .build()).name("span-" + id).localServiceName("shutdown-fixture").startTimestamp(1_000_000)
          .finishTimestamp(1_000_500));
    }
    System.out.println("ready");
    Thread.sleep(Long.MAX_VALUE);
  }
}
