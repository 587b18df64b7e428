package dev.meshtrace.http;

/** The response to an inbound request, as the server handler sees it. */
public abstract class HttpServerResponse extends HttpResponse {}
