package dev.meshtrace.spring.boot.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** The service the test application calls: a MockWebServer answering every path with its last segment. */
final class Downstream implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();

  Downstream() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        return new MockResponse().setBody(path.substring(path.lastIndexOf('/') + 1));
      }
    });
    server.start();
  }

  String url() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  /** Forgets the requests received so far. */
  void clear() throws InterruptedException {
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // drained
    }
  }

  /** The next {@code count} requests received, failing after ten seconds. */
  List<RecordedRequest> take(int count) throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
      if (request == null) throw new AssertionError("Expected " + count + " requests, got " + requests);
      requests.add(request);
    }
    return requests;
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
