package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.Test;

class MethodNamesTest {
  static MethodDescriptor<String, String> method(String fullName) {
    return MethodDescriptor.<String, String>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName).setRequestMarshaller(Echo.STRING).setResponseMarshaller(Echo.STRING).build();
  }

  @Test
  void bareNameIsTheOneGrpcCutsAndIsMadeOnce() {
    String first = MethodNames.bare(method("bookinfo.Ratings/GetRating"));
    String again = MethodNames.bare(method("bookinfo.Ratings/GetRating"));

    assertThat(first).isEqualTo("GetRating").isSameAs(again);
    assertThat(MethodNames.bare(method("bookinfo.Reviews/GetRating"))).isEqualTo("GetRating");
    assertThat(MethodNames.bare(method("bookinfo.Ratings/List"))).isEqualTo("List");
  }

  @Test
  void aNameWithoutAServiceHasNoBareName() {
    assertThat(MethodNames.bare(method("NoSlash"))).isNull();
    assertThat(MethodNames.bare(method("NoSlash"))).isNull();
  }
}
