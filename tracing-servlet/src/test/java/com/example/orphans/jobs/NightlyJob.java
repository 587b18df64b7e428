package com.example.orphans.jobs;

/** Background work in a package listed as background: its calls are not orphans on any thread. */
public final class NightlyJob implements Runnable {
  private final Runnable call;

  public NightlyJob(Runnable call) {
    this.call = call;
  }

  @Override
  public void run() {
    call.run();
  }
}
