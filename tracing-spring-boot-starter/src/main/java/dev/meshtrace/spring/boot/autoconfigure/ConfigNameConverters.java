package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.Mode;
import dev.meshtrace.propagation.Format;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds the enum-like {@code meshtrace.*} values by the names meshtrace documents, with their aliases, instead of
 * Spring's enum constant lookup: {@code meshtrace.propagation.inject=b3multi,tracecontext} and
 * {@code meshtrace.mode=forward-only} work, and a wrong value fails with a message that lists the valid ones.
 */
final class ConfigNameConverters {
  private ConfigNameConverters() {}

  /** {@code meshtrace.propagation.extract} and {@code inject}: see {@link Format#fromConfigName}. */
  static final class FormatConverter implements Converter<String, Format> {
    @Override
    public Format convert(String name) {
      return Format.fromConfigName(name);
    }
  }

  /** {@code meshtrace.mode}: see {@link Mode#fromConfigName}. */
  static final class ModeConverter implements Converter<String, Mode> {
    @Override
    public Mode convert(String name) {
      return Mode.fromConfigName(name);
    }
  }
}
