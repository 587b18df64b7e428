package dev.meshtrace.okhttp;

/**
 * What the application interceptor of a call learns from the network interceptor below it. OkHttp runs a call's
 * network interceptors on the thread running its application interceptors, nested inside them, so a thread-local
 * set around the application interceptor's {@code proceed} is seen by every attempt of that call (and restored for
 * a call made inside another, such as an authenticator's).
 */
final class CallState {
  private static final ThreadLocal<CallState> CURRENT = new ThreadLocal<>();

  private final CallState outer;
  /** The last failure an attempt span recorded; a call failing with it needs no span of its own. */
  private Throwable recordedFailure;

  private CallState(CallState outer) {
    this.outer = outer;
  }

  /** Starts the state of a call on this thread; {@link #exit} it when the call returns. */
  static CallState enter() {
    CallState state = new CallState(CURRENT.get());
    CURRENT.set(state);
    return state;
  }

  /** Records that an attempt span of the call running on this thread ended with {@code failure}. */
  static void attemptFailed(Throwable failure) {
    CallState state = CURRENT.get();
    if (state != null) state.recordedFailure = failure;
  }

  /** True when an attempt span of this call already recorded {@code failure}. */
  boolean recorded(Throwable failure) {
    return recordedFailure == failure;
  }

  void exit() {
    if (outer == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(outer);
    }
  }
}
