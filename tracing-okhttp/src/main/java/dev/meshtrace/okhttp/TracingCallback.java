package dev.meshtrace.okhttp;

import dev.meshtrace.CurrentTraceContext;
import dev.meshtrace.Scope;
import dev.meshtrace.TraceContext;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/** Runs a {@link Callback} under the context that was current when it was wrapped. */
final class TracingCallback implements Callback {
  private final Callback delegate;
  private final CurrentTraceContext currentTraceContext;
  private final TraceContext context;

  TracingCallback(Callback delegate, CurrentTraceContext currentTraceContext) {
    this.delegate = delegate;
    this.currentTraceContext = currentTraceContext;
    this.context = currentTraceContext.get();
  }

  @Override
  public void onResponse(Call call, Response response) throws IOException {
    try (Scope scope = currentTraceContext.maybeScope(context)) {
      delegate.onResponse(call, response);
    }
  }

  @Override
  public void onFailure(Call call, IOException e) {
    try (Scope scope = currentTraceContext.maybeScope(context)) {
      delegate.onFailure(call, e);
    }
  }

  @Override
  public String toString() {
    return "TracingCallback(" + delegate + ")";
  }
}
