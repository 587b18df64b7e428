package dev.meshtrace.internal;

import dev.meshtrace.diagnostics.Diagnostics;
import dev.meshtrace.diagnostics.OrphanCallCount;
import dev.meshtrace.diagnostics.OrphanCallListener;
import dev.meshtrace.diagnostics.OrphanCallSettings;
import dev.meshtrace.diagnostics.OrphanCallSite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds orphan calls (see {@link Diagnostics}) for one {@code Tracing}. Server handlers call {@link #inbound()} for
 * every request; client handlers call {@link #onUnparented} only when a call has no parent, so a traced call costs
 * nothing here. An orphan call is counted per adapter and destination (bounded); the stacks of the first
 * {@value #EAGER_WALKS} calls to each destination, then of one per destination per second (at most
 * {@value #WALKS_PER_SECOND} a second in all), are walked to find the call site; a new site is kept (at most
 * {@code maxCallSites}) and logged once, at most {@value #WARNINGS_PER_MINUTE} warnings a minute. Background
 * threads named by pattern are recognised by name (cached per thread); when background packages are configured,
 * every orphan call's stack is walked to look for them. Never throws.
 */
public final class OrphanCallDetector {
  static final Logger LOG = Logger.getLogger(Diagnostics.LOGGER);
  static final int EAGER_WALKS = 8;
  static final int WALKS_PER_SECOND = 100;
  static final int WARNINGS_PER_MINUTE = 20;
  static final String OTHER_HOST = "other";
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final long SERVING_WINDOW = TimeUnit.SECONDS.toNanos(Diagnostics.SERVING_WINDOW_SECONDS);
  private static final String JDK = Runtime.version().toString();
  private static final ClassValue<String> ADAPTERS = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return adapterName(type);
    }
  };

  private final OrphanCallSettings settings;
  private final BackgroundThreads backgroundThreads;
  private final LongSupplier nanoTime;
  private final ThreadLocal<ThreadVerdict> verdicts = new ThreadLocal<>();
  private final Map<String, Map<String, Destination>> destinations = new ConcurrentHashMap<>();
  private final AtomicInteger destinationCount = new AtomicInteger();
  private final Map<String, Site> sites = new ConcurrentHashMap<>();
  private final AtomicInteger siteCount = new AtomicInteger();
  private final AtomicLong sitesNotRecorded = new AtomicLong();
  private final List<OrphanCallListener> listeners = new CopyOnWriteArrayList<>();
  private final RateWindow walks;
  private final RateWindow warnings;
  /** When a server handler last saw an inbound request; updated at most once a second. */
  private volatile long lastInbound;

  OrphanCallDetector(OrphanCallSettings settings, LongSupplier nanoTime) {
    this.settings = settings;
    this.backgroundThreads = new BackgroundThreads(settings.backgroundThreads());
    this.nanoTime = nanoTime;
    long now = nanoTime.getAsLong();
    this.lastInbound = now - 2 * SERVING_WINDOW; // not serving until the first inbound request
    this.walks = new RateWindow(WALKS_PER_SECOND, SECOND, now);
    this.warnings = new RateWindow(WARNINGS_PER_MINUTE, MINUTE, now);
  }

  /** A detector for {@code settings}, or null when detection is off. */
  public static OrphanCallDetector create(OrphanCallSettings settings) {
    return settings.enabled() ? new OrphanCallDetector(settings, System::nanoTime) : null;
  }

  public OrphanCallSettings settings() {
    return settings;
  }

  /** A server handler received a request: this process serves traced requests. */
  public void inbound() {
    long now = nanoTime.getAsLong();
    if (now - lastInbound > SECOND) lastInbound = now;
  }

  /**
   * A client adapter is sending a call with no parent context. {@code request} is the adapter's request (its class
   * names the adapter), {@code method} what is called, {@code host} where to (null when unknown).
   */
  public void onUnparented(Object request, String method, String host) {
    try {
      long now = nanoTime.getAsLong();
      if (now - lastInbound > SERVING_WINDOW || isBackgroundThread()) return;
      String adapter = ADAPTERS.get(request.getClass());
      Destination destination = destination(adapter, host == null || host.isEmpty() ? "unknown" : host);
      boolean sampled = destination.shouldWalk(now) && walks.tryAcquire(now);
      // Background packages are recognised on the stack, so with any configured every orphan call is walked.
      CallStack stack = sampled || backgroundThreads.hasPackages() ? CallStack.walk(backgroundThreads) : null;
      if (stack != null && stack.background) return;
      destination.count.increment();
      if (sampled) recordSite(adapter, destination.host, method, stack, Thread.currentThread().getName(), now);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.FINE, "Orphan call detection failed; the call goes on", e);
    }
  }

  /** Keeps (or updates) the site of a walked orphan call, warning once for a new one. */
  void recordSite(String adapter, String host, String method, CallStack stack, String thread, long now) {
    String key = adapter + ' ' + stack.location + ' ' + stack.entry;
    Site site = sites.get(key);
    if (site == null) {
      if (siteCount.incrementAndGet() > settings.maxCallSites()) {
        siteCount.decrementAndGet();
        sitesNotRecorded.incrementAndGet();
        return;
      }
      Site created = new Site(adapter, host, method, stack, thread);
      site = sites.putIfAbsent(key, created);
      if (site == null) {
        created.seen();
        warn(created, now);
        return;
      }
      siteCount.decrementAndGet();
    }
    site.seen();
  }

  private void warn(Site site, long now) {
    if (!LOG.isLoggable(Level.WARNING) || !warnings.tryAcquire(now)) return;
    String entry = site.stack.entry == null || site.stack.entry.equals(site.stack.location) ? ""
        : " in the task " + site.stack.entry;
    LOG.warning("outbound " + site.method + ' ' + site.host + " (" + site.adapter + ") made with no trace context at "
        + site.stack.location + entry + " on thread " + site.thread + " (" + describeThread(site) + "); "
        + site.stack.fix);
  }

  private static String describeThread(Site site) {
    StringBuilder out = new StringBuilder(site.stack.threadKind.name().toLowerCase(java.util.Locale.ROOT));
    for (String framework : site.stack.frameworks) out.append(", ").append(framework);
    return out.append(", JDK ").append(JDK).toString();
  }

  private boolean isBackgroundThread() {
    String name = Thread.currentThread().getName();
    ThreadVerdict verdict = verdicts.get();
    if (verdict != null && verdict.name == name) return verdict.background; // names are compared by identity
    boolean background = backgroundThreads.matchesThread(name);
    verdicts.set(new ThreadVerdict(name, background));
    return background;
  }

  private Destination destination(String adapter, String host) {
    Map<String, Destination> hosts = destinations.computeIfAbsent(adapter, a -> new ConcurrentHashMap<>());
    Destination destination = hosts.get(host);
    if (destination != null) return destination;
    String key = host;
    if (destinationCount.incrementAndGet() > Diagnostics.MAX_DESTINATIONS) {
      destinationCount.decrementAndGet();
      key = OTHER_HOST;
      destination = hosts.get(key);
      if (destination != null) return destination;
    }
    Destination created = new Destination(key);
    destination = hosts.putIfAbsent(key, created);
    if (destination != null) {
      if (key != OTHER_HOST) destinationCount.decrementAndGet();
      return destination;
    }
    for (OrphanCallListener listener : listeners) notify(listener, adapter, created);
    return created;
  }

  /** Adds {@code listener}, telling it at once of the destinations counted already. */
  public void addListener(OrphanCallListener listener) {
    listeners.add(listener);
    destinations.forEach((adapter, hosts) -> hosts.values().forEach(d -> notify(listener, adapter, d)));
  }

  private static void notify(OrphanCallListener listener, String adapter, Destination destination) {
    try {
      listener.destinationAdded(adapter, destination.host, destination.count::sum);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "An orphan-call listener failed", e);
    }
  }

  /** Orphan calls per adapter and destination, most first. */
  public List<OrphanCallCount> counts() {
    List<OrphanCallCount> counts = new ArrayList<>();
    destinations.forEach((adapter, hosts) -> hosts.forEach((host, destination) -> {
      long count = destination.count.sum();
      if (count > 0) counts.add(new OrphanCallCount(adapter, host, count));
    }));
    counts.sort(Comparator.comparingLong(OrphanCallCount::count).reversed());
    return counts;
  }

  /** The sites kept, most calls first. */
  public List<OrphanCallSite> sites() {
    List<OrphanCallSite> result = new ArrayList<>();
    for (Site site : sites.values()) result.add(site.snapshot());
    result.sort(Comparator.comparingLong(OrphanCallSite::count).reversed());
    return result;
  }

  /** Sites not kept because {@code maxCallSites} were kept already. */
  public long sitesNotRecorded() {
    return sitesNotRecorded.get();
  }

  /** The adapter named by the package of its request class: {@code dev.meshtrace.spring.web} is spring-web. */
  static String adapterName(Class<?> type) {
    String name = type.getPackageName();
    return name.startsWith("dev.meshtrace.") ? name.substring("dev.meshtrace.".length()).replace('.', '-') : name;
  }

  private static final class ThreadVerdict {
    final String name;
    final boolean background;

    ThreadVerdict(String name, boolean background) {
      this.name = name;
      this.background = background;
    }
  }

  private static final class Destination {
    final String host;
    final LongAdder count = new LongAdder();
    final AtomicInteger walks = new AtomicInteger();
    final AtomicLong lastWalk = new AtomicLong(Long.MIN_VALUE);

    Destination(String host) {
      this.host = host;
    }

    /** The first calls are walked, then at most one a second. */
    boolean shouldWalk(long now) {
      if (walks.get() < EAGER_WALKS && walks.incrementAndGet() <= EAGER_WALKS) {
        lastWalk.set(now);
        return true;
      }
      long last = lastWalk.get();
      return now - last >= SECOND && lastWalk.compareAndSet(last, now);
    }
  }

  private static final class Site {
    final String adapter;
    final String host;
    final String method;
    final CallStack stack;
    final String thread;
    final LongAdder count = new LongAdder();
    final long firstSeen = System.currentTimeMillis();
    volatile long lastSeen = firstSeen;

    Site(String adapter, String host, String method, CallStack stack, String thread) {
      this.adapter = adapter;
      this.host = host;
      this.method = method;
      this.stack = stack;
      this.thread = thread;
    }

    void seen() {
      count.increment();
      lastSeen = System.currentTimeMillis();
    }

    OrphanCallSite snapshot() {
      return new OrphanCallSite(adapter, host, method, stack.location, stack.applicationFrame, stack.entry, thread,
          stack.threadKind, stack.frameworks, JDK, stack.fix, count.sum(), Instant.ofEpochMilli(firstSeen),
          Instant.ofEpochMilli(lastSeen));
    }
  }

  /** At most {@code limit} permits per fixed window of {@code windowNanos}. */
  static final class RateWindow {
    private final int limit;
    private final long windowNanos;
    private final AtomicLong windowStart;
    private final AtomicInteger used = new AtomicInteger();

    RateWindow(int limit, long windowNanos, long now) {
      this.limit = limit;
      this.windowNanos = windowNanos;
      this.windowStart = new AtomicLong(now);
    }

    boolean tryAcquire(long now) {
      long start = windowStart.get();
      if (now - start >= windowNanos && windowStart.compareAndSet(start, now)) used.set(0);
      return used.incrementAndGet() <= limit;
    }
  }
}
