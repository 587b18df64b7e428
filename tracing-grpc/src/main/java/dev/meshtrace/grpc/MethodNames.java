package dev.meshtrace.grpc;

import io.grpc.MethodDescriptor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bare method names ({@code GetRating} of {@code bookinfo.Ratings/GetRating}) made once: gRPC cuts the name out of
 * the full one on every call, and a service has a fixed set of methods.
 */
final class MethodNames {
  private static final int MAX_CACHED = 1024;
  private static final ConcurrentMap<String, String> BARE_NAMES = new ConcurrentHashMap<>();

  private MethodNames() {}

  /** {@link MethodDescriptor#getBareMethodName} of {@code method}, kept for the next call. */
  static String bare(MethodDescriptor<?, ?> method) {
    String fullName = method.getFullMethodName();
    String bareName = BARE_NAMES.get(fullName);
    if (bareName == null) {
      bareName = method.getBareMethodName();
      if (bareName != null && BARE_NAMES.size() < MAX_CACHED) BARE_NAMES.putIfAbsent(fullName, bareName);
    }
    return bareName;
  }
}
