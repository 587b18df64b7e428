package dev.meshtrace.propagation;

import dev.meshtrace.internal.HeaderValues;
import java.util.function.BiConsumer;

/**
 * The values of the headers one extraction reads, by {@link InboundNames} slot: the first value of a header, or
 * all its values joined with {@code ","} when it is list-valued. Filled in one walk over the carrier's fields when
 * the carrier can list them, else by looking up each name. The first format found is parsed into the inherited
 * fields, so one object serves a whole extraction. Scratch state of a single extraction.
 */
final class InboundHeaders extends ParsedContext implements BiConsumer<String, String> {
  private final InboundNames names;
  private String b3Value;
  private String traceIdValue;
  private String spanIdValue;
  private String parentSpanIdValue;
  private String sampledValue;
  private String flagsValue;
  private String traceparentValue;
  private String tracestateValue;
  private String grpcTraceBinValue;
  /** By slot minus {@link InboundNames#FIRST_FORWARDED}; allocated when the first forwarded header is found. */
  private String[] forwarded;
  private int found;
  /** By slot: the values so far of a list-valued header that repeated, while the carrier is walked. */
  private StringBuilder[] joins;

  private InboundHeaders(InboundNames names) {
    this.names = names;
  }

  /** Reads every header {@code names} holds from {@code carrier}. */
  static <C> InboundHeaders read(InboundNames names, C carrier, HeaderGetter<C> getter) {
    InboundHeaders headers = new InboundHeaders(names);
    boolean listed = getter.forEachHeader(carrier, headers);
    headers.finishJoins();
    if (listed) return headers;
    for (int slot = 0, n = names.size(); slot < n; slot++) {
      String name = names.name(slot);
      if (name == null || headers.get(slot) != null) continue; // a getter that listed some fields, then declined
      String value = names.isListValued(slot) ? getter.getAll(carrier, name) : getter.get(carrier, name);
      if (value != null) headers.add(slot, value);
    }
    return headers;
  }

  /** Takes one field of the carrier: kept when its name is read, joined to earlier values when list-valued. */
  @Override
  public void accept(String name, String value) {
    if (name == null || value == null) return;
    int slot = names.slotOf(name);
    if (slot < 0) return;
    String previous = get(slot);
    if (previous == null) {
      add(slot, value);
    } else if (names.isListValued(slot)) {
      join(slot, previous, value);
    }
  }

  /**
   * Appends a repeated list-valued field to the values before it, in one buffer per header: joining strings field
   * by field would copy the value so far each time, quadratic in the number of fields up to the length limit
   * (thousands of one-character {@code baggage} fields cost tens of megabytes).
   */
  private void join(int slot, String previous, String value) {
    if (joins == null) joins = new StringBuilder[names.size()];
    StringBuilder joined = joins[slot];
    if (joined == null) joined = joins[slot] = new StringBuilder(previous);
    // Past the limit the value is dropped whatever follows: stop growing it, so many fields cost no more.
    if (joined.length() <= HeaderValues.MAX_LENGTH) joined.append(',').append(value);
  }

  /** Makes the joined values of repeated list-valued fields their slots' values. */
  private void finishJoins() {
    if (joins == null) return;
    for (int slot = 0; slot < joins.length; slot++) {
      if (joins[slot] != null) set(slot, joins[slot].toString());
    }
    joins = null;
  }

  /** The value in {@code slot}, or null when the header was absent. */
  String get(int slot) {
    switch (slot) {
      case InboundNames.B3: return b3Value;
      case InboundNames.TRACE_ID: return traceIdValue;
      case InboundNames.SPAN_ID: return spanIdValue;
      case InboundNames.PARENT_SPAN_ID: return parentSpanIdValue;
      case InboundNames.SAMPLED: return sampledValue;
      case InboundNames.FLAGS: return flagsValue;
      case InboundNames.TRACEPARENT: return traceparentValue;
      case InboundNames.TRACESTATE: return tracestateValue;
      case InboundNames.GRPC_TRACE_BIN: return grpcTraceBinValue;
      default: return forwarded == null ? null : forwarded[slot - InboundNames.FIRST_FORWARDED];
    }
  }

  private void add(int slot, String value) {
    set(slot, value);
    found++;
  }

  private void set(int slot, String value) {
    switch (slot) {
      case InboundNames.B3: b3Value = value; break;
      case InboundNames.TRACE_ID: traceIdValue = value; break;
      case InboundNames.SPAN_ID: spanIdValue = value; break;
      case InboundNames.PARENT_SPAN_ID: parentSpanIdValue = value; break;
      case InboundNames.SAMPLED: sampledValue = value; break;
      case InboundNames.FLAGS: flagsValue = value; break;
      case InboundNames.TRACEPARENT: traceparentValue = value; break;
      case InboundNames.TRACESTATE: tracestateValue = value; break;
      case InboundNames.GRPC_TRACE_BIN: grpcTraceBinValue = value; break;
      default:
        if (value == null && forwarded == null) return;
        if (forwarded == null) forwarded = new String[names.size() - InboundNames.FIRST_FORWARDED];
        forwarded[slot - InboundNames.FIRST_FORWARDED] = value;
    }
  }

  /** True when any header of {@code format} was found. */
  boolean hasAny(Format format) {
    for (int slot = InboundNames.firstSlot(format), last = InboundNames.lastSlot(format); slot <= last; slot++) {
      if (get(slot) != null) return true;
    }
    return false;
  }

  /** Drops the value in {@code slot}: it is neither used nor forwarded. */
  void clear(int slot) {
    if (get(slot) == null) return;
    set(slot, null);
    found--;
  }

  /** Clears the slots from {@code first} to {@code last}, inclusive. */
  void clear(int first, int last) {
    for (int slot = first; slot <= last; slot++) clear(slot);
  }

  /** Puts {@code value} in place of the value found in {@code slot}. */
  void replace(int slot, String value) {
    set(slot, value);
  }

  /** How many of the forwarded headers were found and not cleared. */
  int forwardedFound() {
    if (forwarded == null) return 0;
    int count = 0;
    for (String value : forwarded) {
      if (value != null) count++;
    }
    return count;
  }

  /** How many of the headers read were found and not cleared. */
  int found() {
    return found;
  }
}
