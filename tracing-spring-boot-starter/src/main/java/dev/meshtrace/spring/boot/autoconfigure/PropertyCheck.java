package dev.meshtrace.spring.boot.autoconfigure;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Hands a property's value to the meshtrace builder that checks it, and turns the builder's rejection into a
 * startup failure naming the property: the rules live once, in the builders.
 */
final class PropertyCheck {
  private PropertyCheck() {}

  /** Runs {@code setting}; an {@link IllegalArgumentException} from it fails startup naming {@code property}. */
  static void apply(String property, Object value, Runnable setting) {
    get(property, value, () -> {
      setting.run();
      return null;
    });
  }

  /** Like {@link #apply}, passing {@code value} to {@code setting} unless it is null (unset: the default applies). */
  static <T> void applyIfSet(String property, T value, Consumer<T> setting) {
    if (value != null) apply(property, value, () -> setting.accept(value));
  }

  /** Returns what {@code factory} builds; an {@link IllegalArgumentException} fails startup naming {@code property}. */
  static <T> T get(String property, Object value, Supplier<T> factory) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
    }
  }
}
