package dev.meshtrace.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.Environment;

/**
 * Logs one WARN at startup naming each {@code meshtrace.*} property that meshtrace does not know (a misspelt key is
 * otherwise silently ignored and its default applies), with the closest known property. Reads every source Boot
 * binds from, so {@code MESHTRACE_SAMPLING_PROBABILTY} is caught like {@code meshtrace.sampling.probabilty}. The known
 * names are those of the configuration metadata the starter ships.
 */
final class UnknownPropertiesWarning implements SmartInitializingSingleton {
  static final Log LOG = LogFactory.getLog(UnknownPropertiesWarning.class);
  static final String METADATA = "META-INF/spring-configuration-metadata.json";
  static final String PREFIX = "meshtrace.";

  private final Environment environment;

  UnknownPropertiesWarning(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void afterSingletonsInstantiated() {
    KnownProperties known = KnownProperties.load(getClass().getClassLoader());
    if (known.names.isEmpty()) return; // no metadata on the class path: nothing to compare with
    Set<String> unknown = new TreeSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) continue;
      iterable.stream().filter(name -> name.toString().startsWith(PREFIX) && !known.covers(name))
          .map(ConfigurationPropertyName::toString).forEach(unknown::add);
    }
    if (unknown.isEmpty()) return;
    LOG.warn("Unknown meshtrace properties, ignored: " + unknown.stream()
        .map(name -> name + " (did you mean " + known.closestTo(name) + "?)")
        .collect(Collectors.joining(", ")));
  }

  /** The property names of meshtrace's configuration metadata; list and map properties cover their elements. */
  static final class KnownProperties {
    final Set<String> names;
    private final List<ConfigurationPropertyName> properties = new ArrayList<>();
    private final List<ConfigurationPropertyName> containers = new ArrayList<>();

    KnownProperties(Set<String> names, Set<String> containers) {
      this.names = names;
      names.forEach(name -> properties.add(ConfigurationPropertyName.of(name)));
      containers.forEach(name -> this.containers.add(ConfigurationPropertyName.of(name)));
    }

    @SuppressWarnings("unchecked")
    static KnownProperties load(ClassLoader classLoader) {
      Set<String> names = new TreeSet<>();
      Set<String> containers = new TreeSet<>();
      try {
        for (URL url : Collections.list(classLoader.getResources(METADATA))) {
          try (InputStream in = url.openStream()) {
            Map<String, Object> metadata = JsonParserFactory.getJsonParser()
                .parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            for (Object property : (List<Object>) metadata.getOrDefault("properties", List.of())) {
              Map<String, Object> fields = (Map<String, Object>) property;
              if (!(fields.get("name") instanceof String name) || !name.startsWith(PREFIX)) continue;
              names.add(name);
              String type = String.valueOf(fields.get("type"));
              if (type.startsWith("java.util.Map") || type.startsWith("java.util.List")) containers.add(name);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("Could not read " + METADATA + "; unknown meshtrace properties are not reported", e);
        names.clear();
        containers.clear();
      }
      return new KnownProperties(names, containers);
    }

    /**
     * Whether {@code name} (in any of Boot's relaxed forms) is a known property, or an element or entry of a known
     * list or map property.
     */
    boolean covers(ConfigurationPropertyName name) {
      for (ConfigurationPropertyName property : properties) {
        if (property.equals(name)) return true;
      }
      for (ConfigurationPropertyName container : containers) {
        if (container.isAncestorOf(name)) return true;
      }
      return false;
    }

    /** The known name with the fewest single-character edits from {@code name}. */
    String closestTo(String name) {
      String closest = null;
      int best = Integer.MAX_VALUE;
      for (String known : names) {
        int distance = editDistance(name, known);
        if (distance < best) {
          best = distance;
          closest = known;
        }
      }
      return closest;
    }

    static int editDistance(String a, String b) {
      int[] previous = new int[b.length() + 1];
      int[] current = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) previous[j] = j;
      for (int i = 1; i <= a.length(); i++) {
        current[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
          current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return previous[b.length()];
    }
  }
}
