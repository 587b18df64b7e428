package dev.meshtrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the CPU time the benchmark threads spent per operation ({@code cpu.time.norm}, ns/op), beside JMH's wall
 * time. On a machine shared with other work, wall time also counts the time the thread waited for a core; CPU time
 * does not, so it ranks the libraries more steadily. GC and JIT threads are not counted (allocation is reported by
 * {@code -prof gc}). Where a call's work is spread over other threads of the process (an HTTP client's selector, a
 * server in the same JVM), {@code cpu.process.norm} is the whole process's CPU time per operation: it counts them,
 * and the GC and JIT threads too. Use with {@code -prof dev.meshtrace.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private static final String WORKER_MARK = "-jmh-worker-";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean process =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private Map<Long, Long> cpuAtStart = Map.of();
  private long processCpuAtStart;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark threads per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuAtStart = workerCpuTimes();
    processCpuAtStart = process.getProcessCpuTime();
  }

  @Override
  @SuppressWarnings("rawtypes") // JMH's signature
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long processCpu = process.getProcessCpuTime() - processCpuAtStart;
    long ops = result.getMetadata().getAllOps();
    long cpu = 0;
    for (Map.Entry<Long, Long> worker : workerCpuTimes().entrySet()) {
      cpu += worker.getValue() - cpuAtStart.getOrDefault(worker.getKey(), 0L);
    }
    if (ops <= 0 || cpu <= 0) return List.of();
    ScalarResult thread = new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG);
    // getProcessCpuTime() answers -1 where the JVM cannot measure the process.
    if (processCpuAtStart < 0 || processCpu <= 0) return List.of(thread);
    return List.of(thread,
        new ScalarResult("cpu.process.norm", (double) processCpu / ops, "ns/op", AggregationPolicy.AVG));
  }

  private Map<Long, Long> workerCpuTimes() {
    Map<Long, Long> times = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null || !info.getThreadName().contains(WORKER_MARK)) continue;
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu > 0) times.put(info.getThreadId(), cpu);
    }
    return times;
  }
}
