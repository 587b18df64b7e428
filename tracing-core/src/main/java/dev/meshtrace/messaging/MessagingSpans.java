package dev.meshtrace.messaging;

import dev.meshtrace.Span;
import dev.meshtrace.internal.CustomizerFailures;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default messaging naming and tags, then the customizers, shared by the producer and consumer handlers. A
 * failure in either (an adapter's or a customizer's) is logged and never breaks the send or the processing.
 */
final class MessagingSpans {
  static final String SEND = "send";
  static final String RECEIVE = "receive";
  static final String PROCESS = "process";

  private static final Logger LOG = Logger.getLogger(MessagingSpans.class.getName());

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
    tagRequest(request, operation, span);
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
      if (partition >= 0) span.tag(MessagingTags.PARTITION, Integer.toString(partition));
      long offset = response.offset();
      if (offset >= 0 && system != null) span.tag(MessagingTags.offset(system), Long.toString(offset));
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

  private void tagRequest(MessagingRequest request, String operation, Span span) {
    try {
      String system = request.system();
      String destination = request.destination();
      span.name(destination == null ? operation : operation + ' ' + destination);
      String remoteService = request.remoteServiceName();
      if (remoteService != null) span.remoteServiceName(remoteService);
      if (system != null) span.tag(MessagingTags.SYSTEM, system);
      span.tag(MessagingTags.OPERATION, operation);
      if (destination != null) span.tag(MessagingTags.DESTINATION, destination);
      int partition = request.partition();
      if (partition >= 0) span.tag(MessagingTags.PARTITION, Integer.toString(partition));
      String clientId = request.clientId();
      if (clientId != null) span.tag(MessagingTags.CLIENT_ID, clientId);
      if (request instanceof MessagingConsumerRequest) {
        MessagingConsumerRequest consumed = (MessagingConsumerRequest) request;
        String group = consumed.consumerGroup();
        if (group != null) span.tag(MessagingTags.CONSUMER_GROUP, group);
        long offset = consumed.offset();
        if (offset >= 0 && system != null) span.tag(MessagingTags.offset(system), Long.toString(offset));
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
