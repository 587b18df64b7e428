package dev.meshtrace.messaging;

/** Names of the tags the messaging handlers write, after OpenTelemetry's messaging conventions. */
public final class MessagingTags {
  public static final String SYSTEM = "messaging.system";
  /** The operation: {@code send}, {@code receive} or {@code process}. */
  public static final String OPERATION = "messaging.operation.name";
  public static final String DESTINATION = "messaging.destination.name";
  public static final String PARTITION = "messaging.destination.partition.id";
  public static final String CLIENT_ID = "messaging.client.id";
  public static final String CONSUMER_GROUP = "messaging.consumer.group.name";
  /**
   * On a consumer span that starts a new trace ({@link ConsumerParent#NEW_TRACE}): the trace ID of the span the
   * message came from. meshtrace's spans have no links, so the link is these two tags.
   */
  public static final String LINK_TRACE_ID = "messaging.link.trace_id";
  /** With {@link #LINK_TRACE_ID}: the span ID of the span the message came from. */
  public static final String LINK_SPAN_ID = "messaging.link.span_id";
  /** The request ID tag Envoy puts on its own spans, as on HTTP server spans. */
  public static final String REQUEST_ID = "guid:x-request-id";

  private MessagingTags() {}

  /** The offset tag of {@code system}: {@code messaging.kafka.offset} for {@code kafka}. */
  public static String offset(String system) {
    return "messaging." + system + ".offset";
  }

  /** The message key tag of {@code system}: {@code messaging.kafka.message.key} for {@code kafka}. */
  public static String messageKey(String system) {
    return "messaging." + system + ".message.key";
  }
}
