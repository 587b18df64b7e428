package dev.meshtrace.grpc;

import dev.meshtrace.Mode;
import dev.meshtrace.grpc.GrpcFixture.Started;
import dev.meshtrace.grpc.GrpcFixture.Transport;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import dev.meshtrace.testing.DecisionMatrix;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DecisionMatrix} through a traced gRPC service: each inbound call's decision, in whichever format it came,
 * leaves on the call the service makes in every configured format (in-process transport, both interceptors).
 */
class GrpcDecisionMatrixTest {
  static Stream<Arguments> configurations() {
    return DecisionMatrix.INJECT.stream().flatMap(inject -> Stream.of(Arguments.of(inject, false),
        Arguments.of(inject, true)));
  }

  @ParameterizedTest(name = "inject {0}, forward {1}")
  @MethodSource("configurations")
  void theCallMadeCarriesTheDecisionInEveryConfiguredFormat(List<String> inject, boolean forward) throws Exception {
    try (GrpcFixture fixture = new GrpcFixture(t -> t.mode(forward ? Mode.FORWARD : Mode.RECORD)
        .sampler(Sampler.NEVER)
        .propagation(Propagation.newBuilder().inject(inject.stream().map(Format::fromConfigName).toList()).build()),
        g -> g)) {
      Echo front = new Echo(fixture.tracing.tracer());
      try {
        Started next = fixture.start(Transport.IN_PROCESS, new Echo(fixture.tracing.tracer()).definition(), false);
        front.downstream = fixture.channel(next, true);
        Started service = fixture.start(Transport.IN_PROCESS, front.definition(), true);
        DecisionMatrix.checkAll(DecisionMatrix.cases(inject, forward), c -> {
          Metadata inbound = new Metadata();
          c.inbound().forEach((name, value) ->
              inbound.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
          Channel caller = fixture.channel(service, false, MetadataUtils.newAttachHeadersInterceptor(inbound));
          ClientCalls.blockingUnaryCall(caller, Echo.UNARY, Echo.options(), "call");
          return asMap(next.received().remove());
        });
      } finally {
        front.close();
      }
    }
  }

  static Map<String, String> asMap(Metadata metadata) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String name : metadata.keys()) {
      if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) continue;
      result.put(name, String.join(",", metadata.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER))));
    }
    return result;
  }
}
