package dev.meshtrace.zipkin;

import dev.meshtrace.testing.ZipkinServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zipkin2.reporter.Encoding;

/** Two services report one trace to the real Zipkin server over HTTP, which gives it back unchanged. */
class ZipkinServerIntegrationTest {
  @RegisterExtension static final ZipkinServerExtension zipkin = new ZipkinServerExtension();

  @ParameterizedTest
  @EnumSource(value = Encoding.class, names = {"JSON", "PROTO3"})
  void traceFromTwoServicesReadsBackFromZipkin(Encoding encoding) {
    System.out.println("Zipkin server healthy after " + zipkin.server().startupTime().toMillis() + " ms");

    TwoServiceTrace trace = TwoServiceTrace.report(() -> ZipkinSpanHandler.newBuilder()
        .endpoint(zipkin.server().spansEndpoint()).encoding(encoding).build());

    trace.assertStoredIn(zipkin.server().api());
  }
}
