package dev.meshtrace.examples.bookinfo.ratings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshtrace.examples.bookinfo.NotFoundException;
import dev.meshtrace.examples.bookinfo.RatingsGrpcApi;
import dev.meshtrace.grpc.MeshtraceGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * {@code ratings} over gRPC as well, on {@code bookinfo.ratings.grpc-port} (0: a free port, published as
 * {@code local.grpc.port}), traced by the starter's {@link MeshtraceGrpc} server interceptor: a server built by
 * hand takes it in one line, as a Spring gRPC server gets it with no code.
 */
@Component
@ConditionalOnProperty("bookinfo.ratings.grpc-port")
class RatingsGrpcServer implements SmartLifecycle {
  private final RatingsController ratings;
  private final ObjectMapper json;
  private final MeshtraceGrpc grpcTracing;
  private final ConfigurableEnvironment environment;
  private Server server;

  RatingsGrpcServer(RatingsController ratings, ObjectMapper json, MeshtraceGrpc grpcTracing,
      ConfigurableEnvironment environment) {
    this.ratings = ratings;
    this.json = json;
    this.grpcTracing = grpcTracing;
    this.environment = environment;
  }

  @Override
  public void start() {
    ServerServiceDefinition service = ServerServiceDefinition.builder("bookinfo.Ratings")
        .addMethod(RatingsGrpcApi.GET_RATINGS, ServerCalls.asyncUnaryCall((request, response) -> {
          try {
            response.onNext(json.writeValueAsString(ratings.ratings(Integer.parseInt(request.trim()))));
            response.onCompleted();
          } catch (NotFoundException | NumberFormatException e) {
            response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
          } catch (JsonProcessingException e) {
            response.onError(Status.INTERNAL.withCause(e).asRuntimeException());
          }
        }))
        .build();
    String address = environment.getProperty("server.address", "0.0.0.0");
    int port = environment.getRequiredProperty("bookinfo.ratings.grpc-port", Integer.class);
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress(address, port))
          .addService(ServerInterceptors.intercept(service, grpcTracing.serverInterceptor()))
          .build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("ratings could not serve gRPC on " + address + ":" + port, e);
    }
    environment.getPropertySources().addFirst(
        new MapPropertySource("ratings-grpc", Map.of("local.grpc.port", server.getPort())));
  }

  @Override
  public void stop() {
    try {
      server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.shutdownNow();
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }
}
