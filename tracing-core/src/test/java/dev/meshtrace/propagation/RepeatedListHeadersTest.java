package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.TraceContext;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * A list-valued header ({@code baggage}, {@code tracestate}) repeated in many fields is joined in one pass: the
 * work grows linearly with the fields. Joining field by field copied the value so far each time, quadratic up to
 * the 8 KiB limit: 8,000 one-character {@code baggage} fields allocated about 16 MB per extraction. Found by the
 * reliability suite's {@code HostileInputTest} (bytes allocated per input character as the input grows).
 */
class RepeatedListHeadersTest {
  /** Fields in order, names repeated, listed for extraction. */
  static final HeaderGetter<List<String[]>> FIELDS = new HeaderGetter<>() {
    @Override
    public String get(List<String[]> fields, String name) {
      return fields.stream().filter(field -> field[0].equals(name)).map(field -> field[1]).findFirst().orElse(null);
    }

    @Override
    public boolean forEachHeader(List<String[]> fields, BiConsumer<String, String> action) {
      for (String[] field : fields) action.accept(field[0], field[1]);
      return true;
    }
  };

  @Test
  void repeatedFieldsAreJoinedInOrderAsBefore() {
    List<String[]> fields = repeated("baggage", "a", 3_000);
    fields.add(1, new String[] {"tracestate", "x=1"});
    fields.add(0, new String[] {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"});
    fields.add(new String[] {"tracestate", "y=2"});

    TraceContext context = Propagation.defaults().extract(fields, FIELDS);

    assertThat(context.meshHeaders().get("baggage")).isEqualTo(String.join(",", Collections.nCopies(3_000, "a")));
    assertThat(context.meshHeaders().get("tracestate")).isEqualTo("x=1,y=2");
  }

  @Test
  void pastTheLimitTheJoinedValueIsDropped() {
    TraceContext context = Propagation.defaults().extract(repeated("baggage", "a", 8_000), FIELDS);

    assertThat(context.meshHeaders().get("baggage")).isNull();
  }

  @Test
  void thousandsOfTinyFieldsCostLinearWork() {
    List<String[]> fields = repeated("baggage", "a", 8_000);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int warm = 0; warm < 5; warm++) Propagation.defaults().extract(fields, FIELDS);

    long before = threads.getCurrentThreadAllocatedBytes();
    Propagation.defaults().extract(fields, FIELDS);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).as("bytes allocated by one extraction of 8,000 fields").isLessThan(1_000_000);
  }

  private static List<String[]> repeated(String name, String value, int count) {
    List<String[]> fields = new ArrayList<>();
    for (int i = 0; i < count; i++) fields.add(new String[] {name, value});
    return fields;
  }
}
