package dev.meshtrace.examples.bookinfo.demo;

/** A demo request as it went: its HTTP status and body, and when it was sent and answered (epoch microseconds). */
record SentRequest(DemoRequest request, int status, String body, long sentMicros, long answeredMicros) {}
