package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.CurrentTraceContext;
import java.util.Objects;
import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task under the context that was current when it was submitted. Auto-configured; to combine it with a
 * decorator of your own on Spring Boot 3.5, wrap: {@code task -> yours.decorate(meshtrace.decorate(task))}.
 */
public final class MeshtraceTaskDecorator implements TaskDecorator {
  private final CurrentTraceContext currentTraceContext;

  public MeshtraceTaskDecorator(CurrentTraceContext currentTraceContext) {
    this.currentTraceContext = Objects.requireNonNull(currentTraceContext, "currentTraceContext");
  }

  @Override
  public Runnable decorate(Runnable runnable) {
    return currentTraceContext.wrap(runnable);
  }
}
