package dev.meshtrace.messaging;

/** What the span processing a message continues. */
public enum ConsumerParent {
  /** The default: a child of the span that sent (or received) the message, in the same trace. */
  CHILD,
  /**
   * A new trace, its sampling decided afresh, linked to the sender's span by the tags
   * {@link MessagingTags#LINK_TRACE_ID} and {@link MessagingTags#LINK_SPAN_ID}. For consumers whose processing is
   * not part of the sender's request: long batches, fan-out, replays. The mesh headers ({@code x-request-id},
   * baggage) still carry on.
   */
  NEW_TRACE
}
