package dev.meshtrace.messaging;

import dev.meshtrace.Span;
import dev.meshtrace.internal.CustomizerFailures;
import dev.meshtrace.internal.InternalFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default messaging naming and tags, then the customizers, shared by the producer and consumer handlers. A
 * failure in either (an adapter's or a customizer's) is logged and never breaks the send or the processing.
 */
final class MessagingSpans {
  /** Releases the span its handler confined ({@link InternalFactory#confine}) once tagged, before the customizers. */
  private static final InternalFactory INTERNAL = InternalFactory.get();
  static final String SEND = "send";
  static final String RECEIVE = "receive";
  static final String PROCESS = "process";

  private static final Logger LOG = Logger.getLogger(MessagingSpans.class.getName());
  /** How many span names per operation are kept; an application has a fixed set of destinations. */
  static final int MAX_CACHED_NAMES = 1024;
  /** The text of the partitions most topics have, made once. */
  private static final String[] PARTITIONS = new String[64];

  static {
    for (int i = 0; i < PARTITIONS.length; i++) PARTITIONS[i] = Integer.toString(i);
  }

  /** {@code <operation> <destination>} by destination, for each operation: a send allocates no name. */
  private final Map<String, Map<String, String>> names = Map.of(
      SEND, new ConcurrentHashMap<>(), RECEIVE, new ConcurrentHashMap<>(), PROCESS, new ConcurrentHashMap<>());

  /** The offset tag's name for the system last seen; replaced whole, so readers on other threads see a pair. */
  private volatile SystemTag lastOffsetTag;
  private final boolean recordMessageKey;
  private final MessagingSpanCustomizer[] customizers;
  private final CustomizerFailures failures;

  MessagingSpans(MessagingTracing messagingTracing) {
    this.recordMessageKey = messagingTracing.recordMessageKey();
    this.customizers = messagingTracing.customizers().toArray(new MessagingSpanCustomizer[0]);
    this.failures = new CustomizerFailures(LOG, "Messaging", messagingTracing.customizers());
  }

  /** Names the span {@code <operation> <destination>} and tags what the request knows, then the customizers. */
  void onRequest(MessagingRequest request, String operation, Span span) {
    try {
      tagRequest(request, operation, span);
    } finally {
      INTERNAL.release(span);
    }
    for (int i = 0; i < customizers.length; i++) {
      try {
        customizers[i].onRequest(request, span);
      } catch (RuntimeException | Error e) {
        failures.failed(i, e);
      }
    }
  }

  /** Tags where the broker stored the message, or the error, then runs the customizers. */
  void onResponse(MessagingProducerResponse response, Span span) {
    try {
      String system = response.request().system();
      int partition = response.partition();
      if (partition >= 0) span.tag(MessagingTags.PARTITION, partition(partition));
      long offset = response.offset();
      if (offset >= 0 && system != null) span.tag(offsetTag(system), Long.toString(offset));
      Throwable error = response.error();
      if (error != null) span.error(error);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not read the send's outcome for its span; the span goes on untagged", e);
    }
    for (int i = 0; i < customizers.length; i++) {
      try {
        customizers[i].onResponse(response, span);
      } catch (RuntimeException | Error e) {
        failures.failed(i, e);
      }
    }
  }

  private String name(String operation, String destination) {
    Map<String, String> byDestination = names.get(operation);
    String name = byDestination.get(destination);
    if (name == null) {
      name = operation + ' ' + destination;
      if (byDestination.size() < MAX_CACHED_NAMES) byDestination.putIfAbsent(destination, name);
    }
    return name;
  }

  /** {@link MessagingTags#offset} of {@code system}, made once: an adapter reports one system. */
  private String offsetTag(String system) {
    SystemTag last = lastOffsetTag;
    if (last == null || !last.system().equals(system)) {
      lastOffsetTag = last = new SystemTag(system, MessagingTags.offset(system));
    }
    return last.name();
  }

  /** A tag name that depends on the messaging system. */
  private record SystemTag(String system, String name) {}

  private static String partition(int partition) {
    return partition < PARTITIONS.length ? PARTITIONS[partition] : Integer.toString(partition);
  }

  private void tagRequest(MessagingRequest request, String operation, Span span) {
    try {
      String system = request.system();
      String destination = request.destination();
      span.name(destination == null ? operation : name(operation, destination));
      String remoteService = request.remoteServiceName();
      if (remoteService != null) span.remoteServiceName(remoteService);
      if (system != null) span.tag(MessagingTags.SYSTEM, system);
      span.tag(MessagingTags.OPERATION, operation);
      if (destination != null) span.tag(MessagingTags.DESTINATION, destination);
      int partition = request.partition();
      if (partition >= 0) span.tag(MessagingTags.PARTITION, partition(partition));
      String clientId = request.clientId();
      if (clientId != null) span.tag(MessagingTags.CLIENT_ID, clientId);
      if (request instanceof MessagingConsumerRequest) {
        MessagingConsumerRequest consumed = (MessagingConsumerRequest) request;
        String group = consumed.consumerGroup();
        if (group != null) span.tag(MessagingTags.CONSUMER_GROUP, group);
        long offset = consumed.offset();
        if (offset >= 0 && system != null) span.tag(offsetTag(system), Long.toString(offset));
      }
      if (recordMessageKey && system != null) {
        String key = request.messageKey();
        if (key != null) span.tag(MessagingTags.messageKey(system), key);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not read the message for its span; the span goes on untagged", e);
    }
  }
}
