package dev.ficus.replay.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads {@code 500ms}, {@code 10s}, {@code 2m} as a duration. */
final class Durations implements CommandLine.ITypeConverter<Duration> {

  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m)");

  @Override
  public Duration convert(String value) {
    Matcher matcher = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration; write e.g. 500ms, 10s or 2m");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration =
        switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofSeconds(amount);
        };
    if (duration.isZero()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must be more than zero");
    }
    return duration;
  }
}
