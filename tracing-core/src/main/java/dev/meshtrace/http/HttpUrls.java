package dev.meshtrace.http;

/** Makes a client call's URL fit to record: no fragment, no credentials, the query only when kept. */
final class HttpUrls {
  static final String REDACTED_USER_INFO = "REDACTED:REDACTED";

  private HttpUrls() {}

  /** {@code url} as recorded in {@code http.url}; returned as is (no copy) when there is nothing to take out. */
  static String forTag(String url, boolean stripQuery) {
    int end = url.indexOf('#');
    if (end < 0) end = url.length();
    if (stripQuery) {
      int query = url.indexOf('?');
      if (query >= 0 && query < end) end = query;
    }
    int authorityStart = url.indexOf("://");
    authorityStart = authorityStart < 0 ? 0 : authorityStart + 3;
    int userInfoEnd = userInfoEnd(url, authorityStart, end);
    if (userInfoEnd < 0) return end == url.length() ? url : url.substring(0, end);
    return url.substring(0, authorityStart) + REDACTED_USER_INFO + url.substring(userInfoEnd, end);
  }

  /**
   * The authority of {@code url} without its user info, {@code host} or {@code host:port} as the URL names it
   * ({@code ratings:9080}); null when {@code url} is null or not absolute.
   */
  static String authority(String url) {
    if (url == null) return null;
    int start = url.indexOf("://");
    if (start < 0) return null;
    start += 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
    int userInfoEnd = userInfoEnd(url, start, end);
    return url.substring(userInfoEnd < 0 ? start : userInfoEnd + 1, end);
  }

  /** The index of the {@code @} ending the user info of the authority starting at {@code start}, or -1. */
  private static int userInfoEnd(String url, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = url.charAt(i);
      if (c == '@') return i;
      if (c == '/' || c == '?' || c == '#') return -1;
    }
    return -1;
  }
}
