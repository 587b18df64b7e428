package dev.meshtrace.messaging;

/** A message being sent: the producer handler writes the trace context and mesh headers into its headers. */
public abstract class MessagingProducerRequest extends MessagingRequest {}
