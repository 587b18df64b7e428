package dev.meshtrace.kafka;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Span;
import dev.meshtrace.TraceContext;
import dev.meshtrace.messaging.MessagingProducerHandler;
import java.lang.reflect.Method;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The proxy behind {@link KafkaTracing#producer}: traces {@code send}, forwards the rest. */
final class TracingProducer extends ForwardingHandler {
  private final Producer<Object, Object> producer;
  private final String clientId;
  private final MessagingProducerHandler handler;
  private final CurrentTraceContext currentTraceContext;

  @SuppressWarnings("unchecked")
  TracingProducer(Producer<?, ?> producer, String clientId, MessagingProducerHandler handler,
      CurrentTraceContext currentTraceContext) {
    super(producer);
    this.producer = (Producer<Object, Object>) producer;
    this.clientId = clientId;
    this.handler = handler;
    this.currentTraceContext = currentTraceContext;
  }

  @Override
  @SuppressWarnings("unchecked")
  Object traced(Method method, Object[] args) throws Throwable {
    if (method.getName().equals("send") && args != null && args[0] instanceof ProducerRecord) {
      return send((ProducerRecord<Object, Object>) args[0], args.length > 1 ? (Callback) args[1] : null);
    }
    return forward(method, args);
  }

  private Future<RecordMetadata> send(ProducerRecord<Object, Object> record, Callback callback) {
    TraceContext parent = currentTraceContext.get();
    KafkaProducerRequest request = new KafkaProducerRequest(record, clientId);
    Span span = handler.handleSend(request, parent);
    if (span.isNoop()) return producer.send(request.record, callback);
    try {
      return producer.send(request.record, new TracingCallback(handler, request, span, callback, parent,
          currentTraceContext));
    } catch (RuntimeException | Error e) {
      handler.handleResult(new KafkaProducerResponse(request, null, e), span);
      throw e;
    }
  }
}
