package dev.ficus.compare.exchange;

import java.util.regex.Pattern;

/** What may be an HTTP header name: an RFC 9110 token. */
public final class HeaderNames {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private HeaderNames() {}

  public static boolean isValid(String name) {
    return name != null && TOKEN.matcher(name).matches();
  }
}
