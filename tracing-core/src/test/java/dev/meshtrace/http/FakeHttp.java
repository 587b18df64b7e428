package dev.meshtrace.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** In-test adapters over plain maps and lists, standing in for a framework's request and response types. */
final class FakeHttp {
  private FakeHttp() {}

  /** Header fields in arrival order; names keep their case, lookups ignore it. */
  static final class Fields {
    final List<String[]> fields = new ArrayList<>();

    void add(String name, String value) {
      fields.add(new String[] {name, value});
    }

    String first(String name) {
      for (String[] field : fields) if (field[0].equalsIgnoreCase(name)) return field[1];
      return null;
    }

    String joined(String name) {
      List<String> values = new ArrayList<>();
      for (String[] field : fields) if (field[0].equalsIgnoreCase(name)) values.add(field[1]);
      return values.isEmpty() ? null : String.join(",", values);
    }

    int count(String name) {
      int count = 0;
      for (String[] field : fields) if (field[0].equalsIgnoreCase(name)) count++;
      return count;
    }

    /** Name (lower case) to value; fails on a repeated name so a duplicated header cannot go unnoticed. */
    Map<String, String> asMap() {
      Map<String, String> map = new LinkedHashMap<>();
      for (String[] field : fields) {
        String previous = map.put(field[0].toLowerCase(Locale.ROOT), field[1]);
        if (previous != null) throw new AssertionError("header " + field[0] + " appears twice in " + map);
      }
      return map;
    }
  }

  static final class ServerRequest extends HttpServerRequest {
    final String method;
    final String path;
    final Fields headers = new Fields();
    String query;
    String route;
    String scheme;
    String remoteIp;
    int remotePort;

    ServerRequest(String method, String path) {
      this.method = method;
      this.path = path;
    }

    ServerRequest header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    ServerRequest headers(Map<String, String> fields) {
      fields.forEach(headers::add);
      return this;
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public String query() {
      return query;
    }

    @Override
    public String route() {
      return route;
    }

    @Override
    public String header(String name) {
      return headers.first(name);
    }

    @Override
    public String headerValues(String name) {
      return headers.joined(name);
    }

    @Override
    public String scheme() {
      return scheme;
    }

    @Override
    public String remoteIp() {
      return remoteIp;
    }

    @Override
    public int remotePort() {
      return remotePort;
    }

    @Override
    public Object unwrap() {
      return this;
    }
  }

  static final class ServerResponse extends HttpServerResponse {
    final HttpRequest request;
    final int status;
    final Fields headers = new Fields();
    Throwable error;
    String route;

    ServerResponse(HttpRequest request, int status) {
      this.request = request;
      this.status = status;
    }

    ServerResponse header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    @Override
    public HttpRequest request() {
      return request;
    }

    @Override
    public int statusCode() {
      return status;
    }

    @Override
    public Throwable error() {
      return error;
    }

    @Override
    public String route() {
      return route;
    }

    @Override
    public String header(String name) {
      return headers.first(name);
    }

    @Override
    public Object unwrap() {
      return this;
    }
  }

  /** An outbound request whose header setter replaces, as the adapter contract asks; it records every set. */
  static class ClientRequest extends HttpClientRequest {
    final String method;
    final String path;
    final Fields headers = new Fields();
    final List<String> namesSet = new ArrayList<>();
    String query;
    String url;

    ClientRequest(String method, String path) {
      this.method = method;
      this.path = path;
    }

    /** A header the application set before the call. */
    ClientRequest appHeader(String name, String value) {
      headers.add(name, value);
      return this;
    }

    @Override
    public void header(String name, String value) {
      namesSet.add(name);
      removeHeader(name);
      headers.add(name, value);
    }

    @Override
    public void removeHeader(String name) {
      headers.fields.removeIf(field -> field[0].equalsIgnoreCase(name));
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public String query() {
      return query;
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public String header(String name) {
      return headers.first(name);
    }

    @Override
    public Object unwrap() {
      return this;
    }
  }

  static final class ClientResponse extends HttpClientResponse {
    final int status;
    final Fields headers = new Fields();
    Throwable error;
    String remoteIp;
    int remotePort;

    ClientResponse(int status) {
      this.status = status;
    }

    ClientResponse header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    @Override
    public int statusCode() {
      return status;
    }

    @Override
    public Throwable error() {
      return error;
    }

    @Override
    public String header(String name) {
      return headers.first(name);
    }

    @Override
    public String remoteIp() {
      return remoteIp;
    }

    @Override
    public int remotePort() {
      return remotePort;
    }

    @Override
    public Object unwrap() {
      return this;
    }
  }
}
