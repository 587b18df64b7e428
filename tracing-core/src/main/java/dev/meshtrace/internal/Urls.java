package dev.meshtrace.internal;

/** Reading parts of an absolute URL, shared by the HTTP layer and the reporters' attribute mapping. */
public final class Urls {
  private Urls() {}

  /**
   * The authority of {@code url} without its user info, {@code host} or {@code host:port} as the URL names it
   * ({@code ratings:9080}); null when {@code url} is null or not absolute.
   */
  public static String authority(String url) {
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
  public static int userInfoEnd(String url, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = url.charAt(i);
      if (c == '@') return i;
      if (c == '/' || c == '?' || c == '#') return -1;
    }
    return -1;
  }
}
