package dev.ficus.compare.noise;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.diff.DifferenceKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises values that differ on every call by nature: two different UUIDs, two timestamps both
 * near the time of the exchange. Such a difference is noise without any configuration.
 */
public final class NoiseValues {

  /** How near the exchange (or now) a timestamp must be to count as "the current time". */
  public static final Duration NEAR = Duration.ofHours(1);

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DIGITS = Pattern.compile("\\d{10,13}");

  private NoiseValues() {}

  /** {@code uuid} or {@code timestamp} when the difference is of that nature, else empty. */
  public static Optional<String> reason(Difference difference, Instant exchangeTime) {
    if (difference.kind() != DifferenceKind.VALUE_CHANGED
        || difference.legacy() == null
        || difference.fresh() == null) {
      return Optional.empty();
    }
    String a = unquote(difference.legacy());
    String b = unquote(difference.fresh());
    if (UUID.matcher(a).matches() && UUID.matcher(b).matches()) {
      return Optional.of("uuid");
    }
    Instant now = Instant.now();
    if (isNear(a, exchangeTime, now) && isNear(b, exchangeTime, now)) {
      return Optional.of("timestamp");
    }
    return Optional.empty();
  }

  private static boolean isNear(String value, Instant exchangeTime, Instant now) {
    Instant time = timestamp(value);
    return time != null
        && (within(time, now) || (exchangeTime != null && within(time, exchangeTime)));
  }

  private static boolean within(Instant time, Instant reference) {
    return Duration.between(time, reference).abs().compareTo(NEAR) <= 0;
  }

  static Instant timestamp(String value) {
    if (DIGITS.matcher(value).matches()) {
      long number = Long.parseLong(value);
      return value.length() == 13 ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
    }
    if (value.length() < 10 || !Character.isDigit(value.charAt(0)) && !value.contains(",")) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String unquote(String json) {
    return json.length() >= 2 && json.charAt(0) == '"' && json.charAt(json.length() - 1) == '"'
        ? json.substring(1, json.length() - 1)
        : json;
  }
}
