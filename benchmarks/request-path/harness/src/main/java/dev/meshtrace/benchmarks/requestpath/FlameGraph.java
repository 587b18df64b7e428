package dev.meshtrace.benchmarks.requestpath;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws collapsed stacks as a flame graph in SVG: one box per frame, as wide as its share of the samples, callers
 * below callees, siblings in alphabetical order. meshtrace's frames are orange, the JDK's green, native frames (the
 * JVM, the C library, the kernel) red, everything else (Spring, Tomcat, the benchmark's service) blue; hovering a
 * box shows its frame, weight and share.
 */
final class FlameGraph {
  private static final int WIDTH = 1800;
  private static final int FRAME_HEIGHT = 16;
  private static final int MARGIN = 10;
  private static final int TITLE_HEIGHT = 30;
  private static final double CHAR_WIDTH = 6.6;

  private FlameGraph() {}

  /** A frame of the merged call tree, with the samples of every stack passing through it. */
  private static final class Node {
    final Map<String, Node> children = new TreeMap<>();
    long samples;
  }

  /** {@code unit} names what the stacks count ({@code samples}, {@code bytes}). */
  static String svg(Map<String, Long> stacks, String title, String unit) {
    Node root = new Node();
    int depth = 0;
    for (Map.Entry<String, Long> stack : stacks.entrySet()) {
      Node node = root;
      node.samples += stack.getValue();
      String[] frames = stack.getKey().split(";");
      depth = Math.max(depth, frames.length);
      for (String frame : frames) {
        node = node.children.computeIfAbsent(frame, name -> new Node());
        node.samples += stack.getValue();
      }
    }
    int height = TITLE_HEIGHT + (depth + 1) * FRAME_HEIGHT + 2 * MARGIN;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"11\">%n", WIDTH, height, WIDTH, height));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fdfdf6\"/>%n", WIDTH, height));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s (%,d %s)</text>%n",
        MARGIN, escape(title), root.samples, unit));
    double scale = (WIDTH - 2.0 * MARGIN) / Math.max(1, root.samples);
    double x = MARGIN;
    for (Map.Entry<String, Node> child : root.children.entrySet()) {
      x = draw(svg, child.getKey(), child.getValue(), x, 0, scale, root.samples, height, unit);
    }
    return svg.append("</svg>\n").toString();
  }

  private static double draw(StringBuilder svg, String frame, Node node, double x, int level, double scale,
      long total, int height, String unit) {
    double width = node.samples * scale;
    if (width >= 0.3) {
      double y = height - MARGIN - (level + 1) * FRAME_HEIGHT;
      svg.append(String.format(Locale.ROOT, "<g><title>%s: %,d %s, %.2f%%</title><rect x=\"%.1f\" y=\"%d\" "
              + "width=\"%.1f\" height=\"%d\" fill=\"%s\" stroke=\"#fdfdf6\" stroke-width=\"0.5\"/>",
          escape(frame), node.samples, unit, 100.0 * node.samples / total, x, (int) y, width, FRAME_HEIGHT - 1,
          color(frame)));
      int fits = (int) ((width - 6) / CHAR_WIDTH);
      if (fits >= 3) {
        String label = frame.length() <= fits ? frame : frame.substring(0, fits - 2) + "..";
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x + 3, (int) y + 11,
            escape(label)));
      }
      svg.append("</g>\n");
      double childX = x;
      for (Map.Entry<String, Node> child : node.children.entrySet()) {
        childX = draw(svg, child.getKey(), child.getValue(), childX, level + 1, scale, total, height, unit);
      }
    }
    return x + width;
  }

  private static String color(String frame) {
    int shade = Math.floorMod(frame.hashCode(), 40);
    if (frame.startsWith("thread ")) return "rgb(200,200,200)";
    if (CpuBreakdown.isNative(frame)) return "rgb(225," + (90 + shade) + "," + (80 + shade) + ")";
    if (CpuBreakdown.isMeshtrace(frame)) return "rgb(245," + (120 + shade) + ",40)";
    if (CpuBreakdown.isJdk(frame)) return "rgb(" + (110 + shade) + ",200," + (90 + shade) + ")";
    return "rgb(" + (100 + shade) + "," + (150 + shade) + ",225)";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
