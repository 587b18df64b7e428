package dev.meshtrace.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Plain messages for the handler tests: headers in a list, repeats and any case allowed, as Kafka keeps them. */
final class FakeMessage {
  private FakeMessage() {}

  /** Header fields of one message, in order. */
  static final class Headers {
    final List<String[]> fields = new ArrayList<>();

    String last(String name) {
      String value = null;
      for (String[] field : fields) if (field[0].equalsIgnoreCase(name)) value = field[1];
      return value;
    }

    List<String> all(String name) {
      List<String> values = new ArrayList<>();
      for (String[] field : fields) if (field[0].equalsIgnoreCase(name)) values.add(field[1]);
      return values;
    }

    void set(String name, String value) {
      remove(name);
      fields.add(new String[] {name, value});
    }

    void remove(String name) {
      fields.removeIf(field -> field[0].equalsIgnoreCase(name));
    }

    boolean forEach(BiConsumer<String, String> action) {
      for (String[] field : fields) action.accept(field[0], field[1]);
      return true;
    }
  }

  static class Sent extends MessagingProducerRequest {
    final Headers headers = new Headers();
    String key;

    Sent with(String name, String value) {
      headers.fields.add(new String[] {name, value});
      return this;
    }

    @Override public String system() { return "kafka"; }
    @Override public String destination() { return "orders"; }
    @Override public String clientId() { return "checkout-1"; }
    @Override public String messageKey() { return key; }
    @Override public String header(String name) { return headers.last(name); }
    @Override public boolean forEachHeader(BiConsumer<String, String> action) { return headers.forEach(action); }
    @Override public void header(String name, String value) { headers.set(name, value); }
    @Override public void removeHeader(String name) { headers.remove(name); }
    @Override public Object unwrap() { return this; }
  }

  static final class Received extends MessagingConsumerRequest {
    final Headers headers;

    Received(Headers headers) {
      this.headers = headers;
    }

    Received() {
      this(new Headers());
    }

    Received with(String name, String value) {
      headers.fields.add(new String[] {name, value});
      return this;
    }

    @Override public String system() { return "kafka"; }
    @Override public String destination() { return "orders"; }
    @Override public int partition() { return 2; }
    @Override public long offset() { return 41; }
    @Override public String consumerGroup() { return "billing"; }
    @Override public String header(String name) { return headers.last(name); }
    @Override public boolean forEachHeader(BiConsumer<String, String> action) { return headers.forEach(action); }
    @Override public void header(String name, String value) { headers.set(name, value); }
    @Override public void removeHeader(String name) { headers.remove(name); }
    @Override public Object unwrap() { return this; }
  }

  static final class Result extends MessagingProducerResponse {
    final MessagingProducerRequest request;
    final Throwable error;

    Result(MessagingProducerRequest request, Throwable error) {
      this.request = request;
      this.error = error;
    }

    @Override public MessagingProducerRequest request() { return request; }
    @Override public int partition() { return error == null ? 2 : -1; }
    @Override public long offset() { return error == null ? 41 : -1; }
    @Override public Throwable error() { return error; }
    @Override public Object unwrap() { return null; }
  }
}
