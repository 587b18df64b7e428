package dev.meshtrace.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.diagnostics.Diagnostics;
import dev.meshtrace.diagnostics.OrphanCallCount;
import dev.meshtrace.diagnostics.OrphanCallSettings;
import dev.meshtrace.diagnostics.ThreadKind;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The detector's bounds and rules, driven with a settable clock and synthetic call sites. */
class OrphanCallDetectorTest {
  final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

  OrphanCallDetector detector(OrphanCallSettings settings) {
    return new OrphanCallDetector(settings, nanos::get);
  }

  static CallStack site(int i) {
    return new CallStack("com.example.Generated.m" + i + "(Generated.java:" + i + ")", true, null, List.of(),
        ThreadKind.POOLED, "wrap the executor", false);
  }

  @Test
  void keepsAtMostMaxCallSitesOfOneHundredThousandAndCountsTheRest() {
    OrphanCallDetector detector = detector(new OrphanCallSettings(true, List.of(), 100));
    List<LogRecord> warnings = capture();
    try {
      for (int i = 0; i < 100_000; i++) detector.recordSite("okhttp", "ratings:9080", "GET", site(i), "t", nanos.get());
    } finally {
      release();
    }

    assertThat(detector.sites()).hasSize(100);
    assertThat(detector.sitesNotRecorded()).isEqualTo(99_900);
    assertThat(warnings).as("at most once per site and 20 a minute").hasSize(OrphanCallDetector.WARNINGS_PER_MINUTE);
  }

  @Test
  void aKnownSiteIsCountedNotKeptAgain() {
    OrphanCallDetector detector = detector(OrphanCallSettings.defaults());
    List<LogRecord> warnings = capture();
    try {
      for (int i = 0; i < 3; i++) detector.recordSite("okhttp", "ratings:9080", "GET", site(7), "t", nanos.get());
    } finally {
      release();
    }
    assertThat(detector.sites()).singleElement().satisfies(site -> assertThat(site.count()).isEqualTo(3));
    assertThat(warnings).hasSize(1);
  }

  @Test
  void warningsResumeInTheNextMinute() {
    OrphanCallDetector detector = detector(OrphanCallSettings.defaults());
    List<LogRecord> warnings = capture();
    try {
      for (int i = 0; i < 30; i++) detector.recordSite("okhttp", "h", "GET", site(i), "t", nanos.get());
      nanos.addAndGet(61_000_000_000L);
      detector.recordSite("okhttp", "h", "GET", site(99), "t", nanos.get());
    } finally {
      release();
    }
    assertThat(warnings).hasSize(OrphanCallDetector.WARNINGS_PER_MINUTE + 1);
    assertThat(warnings.get(warnings.size() - 1).getMessage()).contains("Generated.m99(");
  }

  @Test
  void oneHundredThousandDestinationsAreCountedUnderABoundedNumberOfKeys() {
    OrphanCallDetector detector = detector(OrphanCallSettings.defaults());
    detector.inbound();
    List<LogRecord> warnings = capture();
    try {
      for (int i = 0; i < 100_000; i++) detector.onUnparented(new Object(), "GET", "host-" + i + ":80");
    } finally {
      release();
    }
    List<OrphanCallCount> counts = detector.counts();
    assertThat(counts).hasSize(Diagnostics.MAX_DESTINATIONS + 1);
    assertThat(counts.stream().mapToLong(OrphanCallCount::count).sum()).isEqualTo(100_000);
    assertThat(counts.get(0)).isEqualTo(new OrphanCallCount("java.lang", OrphanCallDetector.OTHER_HOST,
        100_000 - Diagnostics.MAX_DESTINATIONS));
    assertThat(detector.sites()).as("one site: this test's line").hasSize(1);
  }

  @Test
  void nothingIsAnOrphanBeforeAnInboundRequestNorLongAfterTheLast() {
    OrphanCallDetector detector = detector(OrphanCallSettings.defaults());
    detector.onUnparented(new Object(), "GET", "a:1");
    assertThat(detector.counts()).isEmpty();

    detector.inbound();
    detector.onUnparented(new Object(), "GET", "a:1");
    nanos.addAndGet((Diagnostics.SERVING_WINDOW_SECONDS - 1) * 1_000_000_000L);
    detector.onUnparented(new Object(), "GET", "a:1");
    nanos.addAndGet(2_000_000_000L);
    detector.onUnparented(new Object(), "GET", "a:1");

    assertThat(detector.counts()).containsExactly(new OrphanCallCount("java.lang", "a:1", 2));
  }

  @Test
  void backgroundThreadsByNameAndByPackageAreNotOrphans() throws Exception {
    OrphanCallDetector detector =
        detector(new OrphanCallSettings(true, List.of("sched*-job", "java.util.concurrent.*"), 100));
    detector.inbound();
    runOn("scheduler-7-job", () -> detector.onUnparented(new Object(), "GET", "a:1"));
    assertThat(detector.counts()).as("the name matches").isEmpty();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> detector.onUnparented(new Object(), "GET", "a:1")).get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(detector.counts()).as("java.util.concurrent is on the pool thread's stack").isEmpty();
    runOn("scheduler-7-jobs", () -> detector.onUnparented(new Object(), "GET", "a:1"));
    assertThat(detector.counts()).as("neither the whole name nor a package matches").hasSize(1);
    assertThat(detector.sites()).singleElement().satisfies(site -> {
      assertThat(site.threadKind()).isEqualTo(ThreadKind.NEW);
      assertThat(site.thread()).isEqualTo("scheduler-7-jobs");
    });
  }

  @Test
  void adapterIsNamedByItsPackage() {
    assertThat(OrphanCallDetector.adapterName(OrphanCallDetector.class)).isEqualTo("internal");
    assertThat(OrphanCallDetector.adapterName(String.class)).isEqualTo("java.lang");
    assertThat(CallStack.isMeshtrace("dev.meshtrace.spring.web.TracingClientHttpRequestInterceptor")).isTrue();
    assertThat(CallStack.isMeshtrace("dev.meshtrace.Tracing$Builder")).isTrue();
    assertThat(CallStack.isMeshtrace("dev.meshtrace.examples.bookinfo.Reviews")).isFalse();
    assertThat(CallStack.isMeshtrace("dev.meshtrace.httpx.Client")).isFalse();
  }

  @Test
  void settingsAreValidatedNamingTheSetting() {
    assertThatThrownBy(() -> new OrphanCallSettings(true, List.of(), 0)).hasMessageContaining("maxCallSites");
    assertThatThrownBy(() -> new OrphanCallSettings(true, List.of(), 10_001)).hasMessageContaining("10000");
    assertThatThrownBy(() -> new OrphanCallSettings(true, List.of(" "), 1)).hasMessageContaining("backgroundThreads");
    assertThatThrownBy(() -> new OrphanCallSettings(true, List.of("com..jobs.*"), 1))
        .hasMessageContaining("'com..jobs.*'");
    assertThat(new OrphanCallSettings(true, List.of(" com.example.jobs.* "), 1).backgroundThreads())
        .containsExactly("com.example.jobs.*");
    assertThat(OrphanCallDetector.create(OrphanCallSettings.disabled())).isNull();
  }

  static void runOn(String name, Runnable task) throws InterruptedException {
    Thread thread = new Thread(task, name);
    thread.start();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
  }

  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (records) {
        records.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  List<LogRecord> capture() {
    Logger logger = Logger.getLogger(Diagnostics.LOGGER);
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    return records;
  }

  void release() {
    Logger logger = Logger.getLogger(Diagnostics.LOGGER);
    logger.removeHandler(handler);
    logger.setUseParentHandlers(true);
  }
}
