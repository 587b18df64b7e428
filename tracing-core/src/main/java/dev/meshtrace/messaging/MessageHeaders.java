package dev.meshtrace.messaging;

import dev.meshtrace.propagation.AsciiHeaderSetter;
import dev.meshtrace.propagation.HeaderGetter;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The carrier over a message's headers, for {@link dev.meshtrace.propagation.Propagation}: reads and writes go
 * through the adapter's {@link MessagingRequest}, and whatever an adapter throws on hostile headers is logged and
 * taken as an absent header, never thrown into the send or the processing.
 */
final class MessageHeaders {
  private static final Logger LOG = Logger.getLogger(MessageHeaders.class.getName());

  static final HeaderGetter<MessagingRequest> GETTER = new HeaderGetter<>() {
    @Override
    public String get(MessagingRequest request, String name) {
      try {
        return request.header(name);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Could not read message header {0}: {1}", new Object[] {name, e});
        return null;
      }
    }

    @Override
    public String getAll(MessagingRequest request, String name) {
      try {
        return request.headerValues(name);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Could not read message header {0}: {1}", new Object[] {name, e});
        return null;
      }
    }

    @Override
    public boolean forEachHeader(MessagingRequest request, BiConsumer<String, String> action) {
      try {
        return request.forEachHeader(action);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Could not list the message's headers; looking them up by name: {0}", e);
        return false;
      }
    }
  };

  /** Writes a header, trace headers as the bytes they are encoded in; a value the client refuses is left out. */
  static final AsciiHeaderSetter<MessagingRequest> SETTER = new AsciiHeaderSetter<>() {
    @Override
    public void set(MessagingRequest request, String name, String value) {
      try {
        request.header(name, value);
      } catch (RuntimeException e) {
        refused(name, e);
      }
    }

    @Override
    public void setAscii(MessagingRequest request, String name, byte[] value) {
      try {
        request.asciiHeader(name, value);
      } catch (RuntimeException e) {
        refused(name, e);
      }
    }
  };

  private static void refused(String name, RuntimeException e) {
    LOG.log(Level.FINE, "The messaging client refused header {0}; it is not sent: {1}", new Object[] {name, e});
  }

  private MessageHeaders() {}
}
