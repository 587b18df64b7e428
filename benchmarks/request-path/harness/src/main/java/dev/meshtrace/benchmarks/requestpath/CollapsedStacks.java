package dev.meshtrace.benchmarks.requestpath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads async-profiler's collapsed stacks ({@code frame;frame;... count}, the root first, a thread's name and id
 * as the first frame): the thread frame becomes {@code thread <name>} with digits replaced by {@code #}, so a pool's
 * threads fold together, and stacks equal after that are summed.
 */
final class CollapsedStacks {
  private CollapsedStacks() {}

  static Map<String, Long> read(Path collapsed) throws IOException {
    Map<String, Long> stacks = new TreeMap<>();
    for (String line : Files.readAllLines(collapsed)) {
      int space = line.lastIndexOf(' ');
      if (space <= 0) continue;
      String stack = line.substring(0, space);
      long samples = Long.parseLong(line.substring(space + 1).trim());
      int end = stack.startsWith("[") ? stack.indexOf(']') : -1;
      if (end > 0) {
        String thread = stack.substring(1, end).replaceAll(" tid=[0-9]+$", "").replaceAll("[0-9]+", "#");
        stack = "thread " + thread + stack.substring(end + 1);
      }
      stacks.merge(stack, samples, Long::sum);
    }
    return stacks;
  }
}
