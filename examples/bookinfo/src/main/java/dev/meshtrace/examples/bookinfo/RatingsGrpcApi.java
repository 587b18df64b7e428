package dev.meshtrace.examples.bookinfo;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The gRPC form of {@code ratings} (with {@code --bookinfo.grpc=true}): one unary method,
 * {@code bookinfo.Ratings/GetRatings}, taking the product ID and answering the same JSON document as
 * {@code GET /ratings/{id}}. Hand-written, so the example needs no code generation.
 */
public final class RatingsGrpcApi {
  private static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** Product ID in, ratings document (JSON) out. */
  public static final MethodDescriptor<String, String> GET_RATINGS = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("bookinfo.Ratings", "GetRatings"))
      .setRequestMarshaller(UTF8).setResponseMarshaller(UTF8).build();

  private RatingsGrpcApi() {}
}
