package dev.meshtrace.diagnostics;

/**
 * How many orphan calls went through one adapter to one destination.
 *
 * @param adapter the client adapter, such as {@code okhttp}, {@code jdk-httpclient} or {@code grpc}
 * @param host the destination, {@code host:port} (the port when the request names one), {@code unknown} when the
 *     adapter cannot tell, or {@code other} once {@link Diagnostics#MAX_DESTINATIONS} destinations are counted
 * @param count the calls counted since tracing started
 */
public record OrphanCallCount(String adapter, String host, long count) {}
