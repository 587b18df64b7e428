package dev.meshtrace.propagation;

import dev.meshtrace.internal.HeaderValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The header names one {@link Propagation} reads, each in a numbered slot: the trace headers of the formats it
 * extracts in fixed slots, then the forwarded headers in their configured order. Finds the slot of a name given in
 * any case without allocating. Immutable.
 */
final class InboundNames {
  static final int B3 = 0;
  static final int TRACE_ID = 1;
  static final int SPAN_ID = 2;
  static final int PARENT_SPAN_ID = 3;
  static final int SAMPLED = 4;
  static final int FLAGS = 5;
  static final int TRACEPARENT = 6;
  static final int TRACESTATE = 7;
  static final int GRPC_TRACE_BIN = 8;
  /** The slot of the first forwarded header. */
  static final int FIRST_FORWARDED = 9;

  private static final int[] NONE = new int[0];

  /** Lower-case names by slot; null for the trace headers of formats not extracted. */
  private final String[] names;
  /** Slots whose headers may repeat and whose values are then joined. */
  private final boolean[] listValued;
  /** Slots by name length, so that a name is compared only with names as long as it. */
  private final int[][] slotsByLength;
  /** Every slot read, in the order its field is kept: formats in extract order, then the forwarded headers. */
  private final int[] fieldOrder;

  InboundNames(List<Format> extract, String[] forwardHeaders, List<String> listValuedNames) {
    names = new String[FIRST_FORWARDED + forwardHeaders.length];
    if (extract.contains(Format.B3)) names[B3] = B3SingleCodec.NAME;
    if (extract.contains(Format.B3_MULTI)) {
      names[TRACE_ID] = B3MultiCodec.TRACE_ID;
      names[SPAN_ID] = B3MultiCodec.SPAN_ID;
      names[PARENT_SPAN_ID] = B3MultiCodec.PARENT_SPAN_ID;
      names[SAMPLED] = B3MultiCodec.SAMPLED;
      names[FLAGS] = B3MultiCodec.FLAGS;
    }
    if (extract.contains(Format.W3C)) {
      names[TRACEPARENT] = W3cCodec.TRACEPARENT;
      names[TRACESTATE] = W3cCodec.TRACESTATE;
    }
    if (extract.contains(Format.GRPC_TRACE_BIN)) names[GRPC_TRACE_BIN] = GrpcTraceBinCodec.NAME;
    System.arraycopy(forwardHeaders, 0, names, FIRST_FORWARDED, forwardHeaders.length);
    List<Integer> order = new ArrayList<>();
    for (Format format : extract) {
      for (int slot = firstSlot(format); slot <= lastSlot(format); slot++) order.add(slot);
    }
    for (int slot = FIRST_FORWARDED; slot < names.length; slot++) order.add(slot);
    fieldOrder = order.stream().mapToInt(Integer::intValue).toArray();
    listValued = new boolean[names.length];
    int longest = 0;
    for (int slot = 0; slot < names.length; slot++) {
      if (names[slot] == null) continue;
      listValued[slot] = slot == TRACESTATE || listValuedNames.contains(names[slot]);
      longest = Math.max(longest, names[slot].length());
    }
    slotsByLength = new int[longest + 1][];
    for (int length = 0; length <= longest; length++) {
      List<Integer> slots = new ArrayList<>();
      for (int slot = 0; slot < names.length; slot++) {
        if (names[slot] != null && names[slot].length() == length) slots.add(slot);
      }
      slotsByLength[length] = slots.isEmpty() ? NONE : slots.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** The first slot of {@code format}'s headers. */
  static int firstSlot(Format format) {
    switch (format) {
      case B3: return B3;
      case B3_MULTI: return TRACE_ID;
      case W3C: return TRACEPARENT;
      default: return GRPC_TRACE_BIN;
    }
  }

  /** The last slot of {@code format}'s headers. */
  static int lastSlot(Format format) {
    switch (format) {
      case B3: return B3;
      case B3_MULTI: return FLAGS;
      case W3C: return TRACESTATE;
      default: return GRPC_TRACE_BIN;
    }
  }

  /** Every slot read, in the order its field is kept: the caller must not modify it. */
  int[] fieldOrder() {
    return fieldOrder;
  }

  /** The number of slots. */
  int size() {
    return names.length;
  }

  /** The lower-case name in {@code slot}, or null when that trace header is not read. */
  String name(int slot) {
    return names[slot];
  }

  boolean isListValued(int slot) {
    return listValued[slot];
  }

  /** The slot of header {@code name} in any ASCII case, or -1 when it is not read. */
  int slotOf(String name) {
    int length = name.length();
    if (length >= slotsByLength.length) return -1;
    for (int slot : slotsByLength[length]) {
      String candidate = names[slot];
      if (candidate.equals(name) || HeaderValues.equalsIgnoreAsciiCase(candidate, name)) return slot;
    }
    return -1;
  }
}
