package dev.meshtrace.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs the failures of span customizers, which never reach the request: the first failure of each customizer at
 * WARNING, later ones at FINE, so that a customizer failing on every request cannot flood the logs. An
 * {@link VirtualMachineError} is rethrown.
 */
public final class CustomizerFailures {
  private final Logger log;
  private final String kind;
  private final List<?> customizers;
  private final AtomicBoolean[] logged;

  /** @param kind what the customizers customise, for the message, such as {@code HTTP} */
  public CustomizerFailures(Logger log, String kind, List<?> customizers) {
    this.log = log;
    this.kind = kind;
    this.customizers = customizers;
    this.logged = new AtomicBoolean[customizers.size()];
    for (int i = 0; i < logged.length; i++) logged[i] = new AtomicBoolean();
  }

  /** Records that customizer {@code index} threw {@code failure}. */
  public void failed(int index, Throwable failure) {
    if (failure instanceof VirtualMachineError) throw (VirtualMachineError) failure;
    boolean first = logged[index].compareAndSet(false, true);
    log.log(first ? Level.WARNING : Level.FINE,
        kind + " span customizer " + customizers.get(index) + " failed; the request goes on", failure);
  }
}
