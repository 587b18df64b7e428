package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/** Reads why a context failed to start. */
final class StartupFailures {
  private StartupFailures() {}

  /** Every message in the startup failure's cause chain, one per line; fails when the context started. */
  static String messages(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
