package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A bad value of any property fails startup with a message naming the property. */
class BadPropertyValuesTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class,
          MeshtraceZipkinAutoConfiguration.class));

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "meshtrace.sampling.probability=1.5 | meshtrace.sampling.probability",
      "meshtrace.sampling.probability=-0.1 | meshtrace.sampling.probability",
      "meshtrace.sampling.probability=often | meshtrace.sampling.probability",
      "meshtrace.sampling.rate-per-second=-1 | meshtrace.sampling.rate-per-second",
      "meshtrace.mode=record-all | meshtrace.mode",
      "meshtrace.service-name= | meshtrace.service-name",
      "meshtrace.propagation.extract=zipkin | meshtrace.propagation.extract",
      "meshtrace.propagation.inject=b3,jaeger | meshtrace.propagation.inject",
      "meshtrace.propagation.forward-headers.add=b3 | meshtrace.propagation.forward-headers.add",
      "meshtrace.propagation.forward-headers.add=x tenant | meshtrace.propagation.forward-headers.add",
      "meshtrace.propagation.forward-headers.remove=traceparent | meshtrace.propagation.forward-headers.remove",
      "meshtrace.http.server.skip-paths=actuator/** | meshtrace.http.server.skip-paths",
      "meshtrace.http.server.path-rules=sometimes:/books/** | meshtrace.http.server.path-rules",
      "meshtrace.http.server.path-rules=probability:1.5:/books/** | meshtrace.http.server.path-rules",
      "meshtrace.http.server.forced-traces-per-second=-2 | meshtrace.http.server.forced-traces-per-second",
      "meshtrace.http.tags.request-headers=x tenant | meshtrace.http.tags.request-headers",
      "meshtrace.http.tags.response-headers=x:y | meshtrace.http.tags.response-headers",
      "meshtrace.http.tags.max-per-span=0 | meshtrace.http.tags.max-per-span",
      "meshtrace.http.tags.max-value-length=0 | meshtrace.http.tags.max-value-length",
      "meshtrace.redaction.patterns=[a-z | meshtrace.redaction.patterns",
      "meshtrace.zipkin.endpoint=localhost:9411 | meshtrace.zipkin.endpoint",
      "meshtrace.zipkin.endpoint=ftp://zipkin/api/v2/spans | meshtrace.zipkin.endpoint",
      "meshtrace.zipkin.encoding=thrift | meshtrace.zipkin.encoding",
      "meshtrace.zipkin.encoding=xml | meshtrace.zipkin.encoding",
      "meshtrace.zipkin.sender=netty | meshtrace.zipkin.sender",
      "meshtrace.zipkin.queued-max-spans=0 | meshtrace.zipkin.queued-max-spans",
      "meshtrace.zipkin.message-max-bytes=100 | meshtrace.zipkin.message-max-bytes",
      "meshtrace.zipkin.flush-interval=0s | meshtrace.zipkin.flush-interval",
      "meshtrace.zipkin.connect-timeout=0s | meshtrace.zipkin.connect-timeout",
      "meshtrace.zipkin.read-timeout=-1s | meshtrace.zipkin.read-timeout",
      "meshtrace.zipkin.close-timeout=-1s | meshtrace.zipkin.close-timeout",
      "meshtrace.zipkin.sender=kafka | meshtrace.zipkin.kafka.bootstrap-servers",
      "meshtrace.zipkin.kafka.bootstrap-servers=kafka:9092 | meshtrace.zipkin.sender",
      "meshtrace.diagnostics.orphan-calls.max-call-sites=0 | meshtrace.diagnostics.orphan-calls.max-call-sites",
      "meshtrace.diagnostics.orphan-calls.max-call-sites=10001 | meshtrace.diagnostics.orphan-calls.max-call-sites",
      "meshtrace.diagnostics.orphan-calls.background-threads=com..jobs.* | meshtrace.diagnostics.orphan-calls.background-threads",
  })
  void failsStartupNamingTheProperty(String property, String name) {
    runner.withPropertyValues(property).run(context -> assertThat(StartupFailures.messages(context)).contains(name));
  }
}
