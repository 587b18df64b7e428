package dev.meshtrace.examples.bookinfo.reviews;

import dev.meshtrace.examples.bookinfo.RatingsGrpcApi;
import dev.meshtrace.grpc.MeshtraceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Calls {@code ratings} over gRPC at {@code bookinfo.ratings-grpc-target} ({@code host:port}). The channel is built
 * by hand, so it takes the starter's client interceptor in the one documented line.
 */
@Component
@ConditionalOnProperty("bookinfo.ratings-grpc-target")
class RatingsGrpcClient implements DisposableBean {
  private final ManagedChannel channel;

  RatingsGrpcClient(Environment environment, MeshtraceGrpc grpcTracing) {
    this.channel = NettyChannelBuilder.forTarget(environment.getRequiredProperty("bookinfo.ratings-grpc-target"))
        .usePlaintext()
        .intercept(grpcTracing.clientInterceptor())
        .build();
    channel.getState(true); // connect now rather than on the first request
  }

  /** The ratings document of {@code productId}, as JSON. */
  String ratings(int productId) {
    return ClientCalls.blockingUnaryCall(channel, RatingsGrpcApi.GET_RATINGS,
        CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS), Integer.toString(productId));
  }

  @Override
  public void destroy() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
