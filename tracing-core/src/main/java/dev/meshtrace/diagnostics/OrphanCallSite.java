package dev.meshtrace.diagnostics;

import java.time.Instant;
import java.util.List;

/**
 * One place in the application that made orphan calls, as found by walking the stack of such a call.
 *
 * @param adapter the client adapter that made the call
 * @param host the destination of the call first seen there
 * @param request what was called: the HTTP method or the RPC method
 * @param location the first frame outside meshtrace, the JDK and the frameworks listed in {@code frameworks}
 *     ({@code com.example.Reviews.fetch(Reviews.java:42)}); when there is none, the first frame outside meshtrace
 * @param applicationFrame whether {@code location} is an application frame
 * @param entry the outermost application frame of the thread: the task handed to an executor or a thread, whose
 *     submitter lost the context ({@code com.example.Reviews.lambda$fetch$0(Reviews.java:40)}); null when none
 * @param thread the name of the thread the call was first seen on
 * @param threadKind what kind of thread that is
 * @param frameworks the frameworks on the stack, innermost first (Spring, Reactor, OkHttp, gRPC, Netty, Tomcat,
 *     Jetty, Servlet, Micrometer, Kotlin, JUnit)
 * @param jdk the running JDK's version
 * @param fix the change that keeps the trace, naming meshtrace's API for it
 * @param count the calls attributed to this site: those whose stack was walked (the first calls to each
 *     destination, then about one per destination per second)
 * @param firstSeen when the first was seen
 * @param lastSeen when the latest was seen
 */
public record OrphanCallSite(String adapter, String host, String request, String location, boolean applicationFrame,
    String entry, String thread, ThreadKind threadKind, List<String> frameworks, String jdk, String fix, long count,
    Instant firstSeen, Instant lastSeen) {}
