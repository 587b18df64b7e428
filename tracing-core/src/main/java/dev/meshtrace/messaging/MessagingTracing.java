package dev.meshtrace.messaging;

import dev.meshtrace.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The messaging layer's configuration, shared by every messaging adapter (Kafka today): what the consumer's
 * processing span continues, whether message keys are recorded, and code-level customisation. Plain values, so the
 * Spring Boot starter can bind them from properties. Immutable.
 *
 * <p>Spans are named after OpenTelemetry's messaging conventions, {@code <operation> <destination>}:
 * {@code send orders} (PRODUCER), {@code receive orders} (CONSUMER, made when a traced consumer polls) and
 * {@code process orders} (CONSUMER, while the application handles the message), tagged {@code messaging.system},
 * {@code messaging.operation.name}, {@code messaging.destination.name}, the partition, the offset, the client ID
 * and the consumer group when known ({@link MessagingTags}). The message key only with
 * {@link Builder#recordMessageKey}; the value never (a customizer may, see {@link MessagingSpanCustomizer}).
 */
public final class MessagingTracing {
  private final Tracing tracing;
  private final ConsumerParent consumerParent;
  private final boolean recordMessageKey;
  private final List<MessagingSpanCustomizer> customizers;

  private MessagingTracing(Builder builder) {
    this.tracing = builder.tracing;
    this.consumerParent = builder.consumerParent;
    this.recordMessageKey = builder.recordMessageKey;
    this.customizers = List.copyOf(builder.customizers);
  }

  /** The defaults over {@code tracing}. */
  public static MessagingTracing create(Tracing tracing) {
    return newBuilder(tracing).build();
  }

  public static Builder newBuilder(Tracing tracing) {
    return new Builder(tracing);
  }

  public Tracing tracing() {
    return tracing;
  }

  /** What a processing span continues (default {@link ConsumerParent#CHILD}). */
  public ConsumerParent consumerParent() {
    return consumerParent;
  }

  /** Whether the message key is recorded as a tag (default false). */
  public boolean recordMessageKey() {
    return recordMessageKey;
  }

  List<MessagingSpanCustomizer> customizers() {
    return customizers;
  }

  /** Configures {@link MessagingTracing}. */
  public static final class Builder {
    private final Tracing tracing;
    private ConsumerParent consumerParent = ConsumerParent.CHILD;
    private boolean recordMessageKey;
    private final List<MessagingSpanCustomizer> customizers = new ArrayList<>();

    Builder(Tracing tracing) {
      this.tracing = Objects.requireNonNull(tracing, "tracing");
    }

    /** What the span processing a message continues. Default {@link ConsumerParent#CHILD}. */
    public Builder consumerParent(ConsumerParent consumerParent) {
      this.consumerParent = Objects.requireNonNull(consumerParent, "consumerParent");
      return this;
    }

    /**
     * Records the message key as {@code messaging.<system>.message.key}. Default false: keys often identify users
     * or accounts.
     */
    public Builder recordMessageKey(boolean recordMessageKey) {
      this.recordMessageKey = recordMessageKey;
      return this;
    }

    /** Adds code-level customisation of messaging spans, run after the default naming and tags. */
    public Builder addCustomizer(MessagingSpanCustomizer customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    public MessagingTracing build() {
      return new MessagingTracing(this);
    }
  }
}
