package dev.meshtrace.zipkin;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanHandler;
import dev.meshtrace.TraceContext;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * Reports finished spans to Zipkin (or a Zipkin-compatible backend) through zipkin-reporter's
 * {@link AsyncReporter}: the thread that finishes a span only puts it on a bounded queue; a reporter thread
 * encodes spans and posts them in messages. When the backend is slow or down, the queue fills and further spans are
 * dropped and counted ({@link #metrics()}), never blocking or failing the application.
 *
 * <pre>{@code
 * ZipkinSpanHandler zipkin = ZipkinSpanHandler.newBuilder().endpoint("http://zipkin:9411/api/v2/spans").build();
 * Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(zipkin).build();
 * ...
 * zipkin.close(); // at shutdown: delivers what is queued, within the close timeout
 * }</pre>
 *
 * <p>Spans are encoded later, on the reporter thread: add this handler after any handler that edits spans.
 */
public final class ZipkinSpanHandler implements SpanHandler, Closeable {
  /** Zipkin's collector on this host. */
  public static final String DEFAULT_ENDPOINT = "http://localhost:9411/api/v2/spans";
  /** Where a Zipkin server takes spans, appended to an endpoint given as a base URL. */
  public static final String SPANS_PATH = "/api/v2/spans";

  private static final Logger LOG = Logger.getLogger(ZipkinSpanHandler.class.getName());
  private static final long STOP_RESERVE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final String backend;
  private final ReportingMetrics metrics = new ReportingMetrics();
  private final DropWarning dropWarning;
  private final SpanAccount account;
  private final ReporterMetricsAdapter reporterMetrics;
  private final CountingSender sender;
  private final AsyncReporter<MutableSpan> reporter;
  private final Duration closeTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Calls of {@link #end} that have returned, to tell when none is still handing a span to the reporter. */
  private final LongAdder reportsDone = new LongAdder();

  private ZipkinSpanHandler(Builder builder, BytesMessageSender sender, String backend) {
    this.backend = backend;
    this.dropWarning = new DropWarning(LOG, metrics, backend, DropWarning.DEFAULT_INTERVAL_NANOS, System::nanoTime);
    this.account = new SpanAccount(metrics, dropWarning);
    this.reporterMetrics = new ReporterMetricsAdapter(account);
    this.sender = new CountingSender(sender, account);
    this.reporter = AsyncReporter.builder(this.sender)
        .queuedMaxSpans(builder.queuedMaxSpans)
        .messageMaxBytes(builder.messageMaxBytes)
        .messageTimeout(builder.flushInterval.toNanos(), TimeUnit.NANOSECONDS)
        // Our close keeps the time and settles the counts itself; the reporter's own close, run in the
        // background, only stops its thread once that has nothing left: then it neither drops nor logs anything.
        .closeTimeout(Long.MAX_VALUE, TimeUnit.NANOSECONDS)
        .metrics(reporterMetrics)
        .threadFactory(reporterMetrics::newReporterThread)
        .build(MutableSpanBytesEncoder.forEncoding(sender.encoding()));
    this.closeTimeout = builder.closeTimeout;
  }

  /** A handler posting JSON to {@code endpoint} with the default settings. */
  public static ZipkinSpanHandler create(String endpoint) {
    return newBuilder().endpoint(endpoint).build();
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** Queues the span for sending; never blocks. Spans without IDs are ignored. Always returns true. */
  @Override
  public boolean end(TraceContext context, MutableSpan span) {
    if (span.traceId() == 0 || span.spanId() == 0) return true;
    metrics.spanReported();
    try {
      if (closed.get()) {
        account.rejected(DropCause.CLOSED);
      } else {
        reporter.report(span);
      }
    } finally {
      reportsDone.increment();
    }
    return true;
  }

  /** What this handler reported, sent and dropped so far. */
  public ReportingMetrics metrics() {
    return metrics;
  }

  /** Closes within the configured close timeout (default 5 seconds); see {@link #close(Duration)}. */
  @Override
  public void close() {
    close(closeTimeout);
  }

  /**
   * Stops accepting spans and delivers the spans already reported, returning within {@code timeout} even when the
   * backend hangs. When it returns, every span reported was sent or is counted as dropped: those whose message
   * failed as {@link DropCause#SEND_FAILED}, those still unsent when the time ran out (queued, or in a message the
   * backend had not answered) as {@link DropCause#CLOSED}; the counts are final. If any span was ever dropped, one
   * WARNING sums up what was lost at shutdown and why, before this returns (also from a shutdown hook, when the
   * JDK's logging may already be reset). The reporter thread stops in the background; what it still held is not
   * sent. Later calls return at once.
   *
   * @return true when nothing was left unsent (every reported span was sent or had failed to send)
   */
  public boolean close(Duration timeout) {
    long budget = requirePositiveOrZero("timeout", timeout).toNanos();
    if (!closed.compareAndSet(false, true)) return metrics.spansQueued() == 0;
    long start = System.nanoTime();
    long[] droppedBefore = metrics.droppedCounts();
    long drainBudget = budget - Math.min(budget / 4, STOP_RESERVE_NANOS);
    boolean interrupted = false;
    // Spans reported from now on are dropped at once; wait for reports in progress to reach the queue.
    while (reportsDone.sum() != metrics.spansReported() && System.nanoTime() - start < budget && !interrupted) {
      interrupted = !pause();
    }
    // zipkin-reporter's close sends one more message and drops what is still queued, so first let its thread
    // empty the queue: then at most the message it is gathering remains, which it sends when closed.
    while (metrics.spansQueued() > 0 && !reporterMetrics.queueSeenEmptySince(start)
        && System.nanoTime() - start < drainBudget && !interrupted) {
      wakeReporterThread();
      interrupted = !pause();
    }
    reporterMetrics.closing();
    Thread stopper = new Thread(this::stopReporter, "meshtrace-zipkin-close " + backend);
    stopper.setDaemon(true);
    stopper.start();
    while (stopper.isAlive() && System.nanoTime() - start < budget && !interrupted) {
      wakeReporterThread();
      interrupted = !pause();
    }
    long unsent = account.settle();
    dropWarning.closed(droppedBefore, unsent, timeout);
    if (interrupted) Thread.currentThread().interrupt();
    return unsent == 0;
  }

  /** An idle reporter thread looks at its queue and at the closed flag only after its flush interval: wake it. */
  private void wakeReporterThread() {
    Thread reporterThread = reporterMetrics.reporterThread();
    if (reporterThread != null) sender.wake(reporterThread);
  }

  /**
   * Stops the reporter thread once it has nothing left, then closes the sender. Runs in the background once close
   * has given up on a hanging backend: the thread then skips its remaining messages (see {@link CountingSender}).
   */
  private void stopReporter() {
    Thread reporterThread = reporterMetrics.reporterThread();
    // A reporter whose thread never started would wait for it for ever.
    if (reporterThread != null) {
      long since = System.nanoTime();
      while (reporterThread.isAlive() && !reporterMetrics.queueSeenEmptySince(since) && pause()) {
        wakeReporterThread();
      }
      reporter.close();
    }
    try {
      sender.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Closing the sender for " + backend + " failed", e);
    }
  }

  /** Sleeps briefly; false when interrupted. */
  private static boolean pause() {
    try {
      Thread.sleep(5);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "ZipkinSpanHandler{" + backend + "}";
  }

  private static Duration requirePositiveOrZero(String setting, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(setting + " must be zero or positive, was " + value);
    }
    return value;
  }

  /** Configures a {@link ZipkinSpanHandler}. Each setting fails fast, naming itself, on a bad value. */
  public static final class Builder {
    private String endpoint = DEFAULT_ENDPOINT;
    private Encoding encoding = Encoding.JSON;
    private SenderType senderType = SenderType.AUTO;
    private BytesMessageSender sender;
    private Duration flushInterval = Duration.ofSeconds(1);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private int queuedMaxSpans = 10_000;
    private int messageMaxBytes = 512 * 1024;
    private boolean compression = true;

    Builder() {}

    /**
     * The URL spans are POSTed to. Default {@value #DEFAULT_ENDPOINT}. A URL with no path, such as
     * {@code http://zipkin:9411} (Sleuth's habit), is taken as the server's base URL: {@value #SPANS_PATH} is
     * appended, and an INFO line says so.
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = validEndpoint(endpoint);
      return this;
    }

    /** The wire format: {@code JSON} (default) or {@code PROTO3}. */
    public Builder encoding(Encoding encoding) {
      if (encoding == null) throw new IllegalArgumentException("encoding must not be null");
      MutableSpanBytesEncoder.forEncoding(encoding);
      this.encoding = encoding;
      return this;
    }

    /** Which HTTP client posts the spans. Default {@link SenderType#AUTO}. */
    public Builder sender(SenderType senderType) {
      if (senderType == null) throw new IllegalArgumentException("sender must not be null");
      this.senderType = senderType;
      return this;
    }

    /**
     * A zipkin-reporter sender of your own (Kafka, a custom HTTP client...), used instead of the HTTP settings:
     * endpoint, sender type, timeouts and compression. Spans are encoded as it says ({@code JSON} or
     * {@code PROTO3}), whatever {@link #encoding} was set to.
     */
    public Builder sender(BytesMessageSender sender) {
      if (sender == null) throw new IllegalArgumentException("sender must not be null");
      MutableSpanBytesEncoder.forEncoding(sender.encoding());
      this.sender = sender;
      return this;
    }

    /** How long a span may wait to be sent with others. Default 1 second; at least 1 ms. */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = requireAtLeastOneMilli("flushInterval", interval);
      return this;
    }

    /** Timeout for connecting to the backend. Default 1 second. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireAtLeastOneMilli("connectTimeout", timeout);
      return this;
    }

    /** Timeout for the backend's answer to one message. Default 10 seconds. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = requireAtLeastOneMilli("readTimeout", timeout);
      return this;
    }

    /** How long {@link ZipkinSpanHandler#close()} may take to deliver what is queued. Default 5 seconds. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = requirePositiveOrZero("closeTimeout", timeout);
      return this;
    }

    /** At most this many spans wait to be sent; more are dropped. Default 10000. */
    public Builder queuedMaxSpans(int max) {
      if (max < 1) throw new IllegalArgumentException("queuedMaxSpans must be at least 1, was " + max);
      this.queuedMaxSpans = max;
      return this;
    }

    /** The largest message posted, in bytes; a larger span is dropped. Default 512 KiB; at least 1 KiB. */
    public Builder messageMaxBytes(int max) {
      if (max < 1024) throw new IllegalArgumentException("messageMaxBytes must be at least 1024, was " + max);
      this.messageMaxBytes = max;
      return this;
    }

    /** Whether messages are gzip-compressed. Default true; Zipkin accepts both. */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /**
     * The handler. Nothing is connected yet: the first span starts the reporter thread.
     *
     * @throws IllegalArgumentException naming the setting, e.g. {@code sender OKHTTP} without OkHttp
     */
    public ZipkinSpanHandler build() {
      if (sender != null) return new ZipkinSpanHandler(this, sender, sender.toString());
      SenderType type = HttpSenders.resolve(senderType, HttpSenders.okHttpAvailable());
      HttpSenders.Settings settings = new HttpSenders.Settings(endpoint, encoding,
          (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()),
          (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()), messageMaxBytes, compression);
      return new ZipkinSpanHandler(this, HttpSenders.create(type, settings), endpoint);
    }

    private static String validEndpoint(String endpoint) {
      try {
        URI uri = new URI(endpoint == null ? "" : endpoint.trim());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          uri.toURL();
          return withSpansPath(uri);
        }
      } catch (URISyntaxException | IllegalArgumentException | MalformedURLException e) {
        // reported below
      }
      throw new IllegalArgumentException("endpoint must be an absolute http or https URL such as "
          + DEFAULT_ENDPOINT + ", was '" + endpoint + "'");
    }

    /** A base URL (no path, or only {@code /}) gets Zipkin's spans path; any other URL is used as it is. */
    private static String withSpansPath(URI uri) {
      String path = uri.getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) return uri.toString();
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) return uri.toString();
      String base = uri.toString();
      String endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + SPANS_PATH;
      LOG.info("Zipkin endpoint " + base + " has no path: posting spans to " + endpoint);
      return endpoint;
    }

    private static Duration requireAtLeastOneMilli(String setting, Duration value) {
      if (value == null || value.toMillis() < 1) {
        throw new IllegalArgumentException(setting + " must be at least 1ms, was " + value);
      }
      return value;
    }
  }
}
