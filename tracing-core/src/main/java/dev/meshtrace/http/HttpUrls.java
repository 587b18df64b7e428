package dev.meshtrace.http;

import dev.meshtrace.internal.Urls;

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
    int userInfoEnd = Urls.userInfoEnd(url, authorityStart, end);
    if (userInfoEnd < 0) return end == url.length() ? url : url.substring(0, end);
    return url.substring(0, authorityStart) + REDACTED_USER_INFO + url.substring(userInfoEnd, end);
  }
}
