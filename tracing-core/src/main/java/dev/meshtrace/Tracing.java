package dev.meshtrace;

import dev.meshtrace.diagnostics.Diagnostics;
import dev.meshtrace.diagnostics.OrphanCallListener;
import dev.meshtrace.diagnostics.OrphanCallSettings;
import dev.meshtrace.internal.OrphanCallDetector;
import dev.meshtrace.propagation.Propagation;
import dev.meshtrace.sampling.Sampler;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The configured tracing of one service: build it once at startup, share it, and close it at shutdown. Holds the
 * {@link Tracer}, the {@link Propagation} rules and the {@link CurrentTraceContext}, and owns its span handlers:
 * {@link #close()} closes them, so that reporters deliver what they still queue.
 *
 * <pre>{@code
 * try (Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(zipkin).build()) {
 *   // serve requests
 * } // spans still queued are delivered (within the reporter's close timeout) or counted as dropped
 * }</pre>
 */
public final class Tracing implements AutoCloseable {
  private final String serviceName;
  private final Mode mode;
  private final Sampler sampler;
  private final Propagation propagation;
  private final CurrentTraceContext currentTraceContext;
  private final Clock clock;
  private final Tracer tracer;
  private final SpanRecorder recorder;
  private final List<SpanHandler> spanHandlers;
  private final OrphanCallSettings orphanCallSettings;
  /** Read by the client and server handlers through {@code InternalFactory}; null when detection is off. */
  final OrphanCallDetector orphanCallDetector;

  private Tracing(Builder builder) {
    this.serviceName = builder.serviceName;
    this.mode = builder.mode;
    this.sampler = builder.sampler;
    this.propagation = builder.propagation;
    this.currentTraceContext = builder.currentTraceContext;
    this.clock = builder.clock;
    String localIp = builder.localIp != null ? builder.localIp : primaryAddress();
    this.recorder = new SpanRecorder(serviceName, localIp, builder.maxTagsPerSpan,
        builder.maxTagValueLength, builder.spanHandlers.toArray(new SpanHandler[0]));
    this.spanHandlers = List.copyOf(builder.spanHandlers);
    this.orphanCallSettings = builder.orphanCalls;
    this.orphanCallDetector = OrphanCallDetector.create(builder.orphanCalls);
    this.tracer = new Tracer(mode, sampler, propagation, currentTraceContext, recorder, clock, builder.traceId128,
        builder.joinServerSpans);
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public Tracer tracer() {
    return tracer;
  }

  public Propagation propagation() {
    return propagation;
  }

  public CurrentTraceContext currentTraceContext() {
    return currentTraceContext;
  }

  public String serviceName() {
    return serviceName;
  }

  public Mode mode() {
    return mode;
  }

  /** The sampler for new traces. */
  public Sampler sampler() {
    return sampler;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Closes tracing: from now on a finished span reaches no handler and is counted in {@link
   * #spansDroppedAfterClose()} instead (never thrown); then each span handler that is {@link AutoCloseable} is
   * closed, in the order added, which for a reporter means delivering what it has queued within its own close
   * timeout or counting it as dropped. Requests may still be traced and their headers forwarded. Only the first call
   * does anything; it returns when every handler's {@code close} has returned.
   */
  @Override
  public void close() {
    recorder.close();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return recorder.isClosed();
  }

  /** How many sampled spans finished after {@link #close()} and were therefore dropped. */
  public long spansDroppedAfterClose() {
    return recorder.droppedAfterClose();
  }

  /**
   * Where this process loses traces (orphan calls: outbound calls made with no trace context while it serves traced
   * requests, counted per adapter and destination, with their call sites) and how its tracing is configured, secrets
   * masked. A snapshot; cheap enough to call on demand, not meant for every request.
   */
  public Diagnostics diagnostics() {
    OrphanCallDetector detector = orphanCallDetector;
    return new Diagnostics(detector == null ? List.of() : detector.counts(),
        detector == null ? List.of() : detector.sites(), detector == null ? 0 : detector.sitesNotRecorded(),
        ConfigurationSummary.of(this, spanHandlers, orphanCallSettings));
  }

  /**
   * Tells {@code listener} of each adapter and destination orphan calls are counted under (those counted already at
   * once), for example to publish the counts as meters. Does nothing when orphan-call detection is off.
   */
  public void addOrphanCallListener(OrphanCallListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (orphanCallDetector != null) orphanCallDetector.addListener(listener);
  }

  /** The first site-local IPv4 address of an up, non-loopback interface; else any non-loopback; else null. */
  static String primaryAddress() {
    try {
      List<InetAddress> candidates = new ArrayList<>();
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) continue;
        candidates.addAll(Collections.list(nic.getInetAddresses()));
      }
      InetAddress fallback = null;
      for (InetAddress address : candidates) {
        if (address.isLinkLocalAddress() || address.isLoopbackAddress()) continue;
        if (address instanceof Inet4Address && address.isSiteLocalAddress()) return address.getHostAddress();
        if (fallback == null) fallback = address;
      }
      return fallback == null ? null : fallback.getHostAddress().replaceFirst("%.*$", "");
    } catch (SocketException | RuntimeException e) {
      return null;
    }
  }

  /** Configures {@link Tracing}. */
  public static final class Builder {
    private String serviceName = "unknown";
    private Mode mode = Mode.RECORD;
    private Sampler sampler = Sampler.ALWAYS;
    private Propagation propagation = Propagation.defaults();
    private CurrentTraceContext currentTraceContext;
    private Clock clock = Clock.system();
    private final List<SpanHandler> spanHandlers = new ArrayList<>();
    private boolean traceId128 = true;
    private boolean joinServerSpans;
    private String localIp;
    private int maxTagsPerSpan = 128;
    private int maxTagValueLength = 4096;
    private OrphanCallSettings orphanCalls = OrphanCallSettings.defaults();

    Builder() {}

    /** The service name on every span. Default {@code unknown}. */
    public Builder serviceName(String serviceName) {
      if (serviceName == null || serviceName.isBlank()) {
        throw new IllegalArgumentException("serviceName must not be blank");
      }
      this.serviceName = serviceName.trim();
      return this;
    }

    /** Record spans (default) or only forward headers. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Decides new traces. Default: sample all (probability 1.0); lower it in production. */
    public Builder sampler(Sampler sampler) {
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    /** Header formats and forwarding rules. Default {@link Propagation#defaults()}. */
    public Builder propagation(Propagation propagation) {
      this.propagation = Objects.requireNonNull(propagation, "propagation");
      return this;
    }

    /** Where the current context lives. Default: a thread-local. */
    public Builder currentTraceContext(CurrentTraceContext currentTraceContext) {
      this.currentTraceContext = Objects.requireNonNull(currentTraceContext, "currentTraceContext");
      return this;
    }

    /** Time source. Default: the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Adds a handler for finished spans; handlers run in the order added. */
    public Builder addSpanHandler(SpanHandler handler) {
      spanHandlers.add(Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** New traces get 128-bit IDs (default) or 64-bit ones. */
    public Builder traceId128(boolean traceId128) {
      this.traceId128 = traceId128;
      return this;
    }

    /**
     * Whether a server span reuses the caller's span ID (Zipkin's shared spans) instead of being its child.
     * Default false: behind Envoy the sidecar already owns the caller's span ID.
     */
    public Builder joinServerSpans(boolean join) {
      this.joinServerSpans = join;
      return this;
    }

    /** The local IP on every span. Default: this host's primary address. */
    public Builder localIp(String localIp) {
      this.localIp = localIp;
      return this;
    }

    /** At most this many tags on a span (default 128); further new tags are dropped. */
    public Builder maxTagsPerSpan(int max) {
      if (max < 1) throw new IllegalArgumentException("maxTagsPerSpan must be at least 1, was " + max);
      this.maxTagsPerSpan = max;
      return this;
    }

    /** Tag values are cut to this many characters (default 4096). */
    public Builder maxTagValueLength(int max) {
      if (max < 1) throw new IllegalArgumentException("maxTagValueLength must be at least 1, was " + max);
      this.maxTagValueLength = max;
      return this;
    }

    /**
     * How orphan calls are detected (see {@link #diagnostics()}). Default {@link OrphanCallSettings#defaults()}: on,
     * costing one null check on a traced call.
     */
    public Builder orphanCalls(OrphanCallSettings settings) {
      this.orphanCalls = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Tracing build() {
      if (currentTraceContext == null) currentTraceContext = CurrentTraceContext.threadLocal();
      return new Tracing(this);
    }
  }
}
