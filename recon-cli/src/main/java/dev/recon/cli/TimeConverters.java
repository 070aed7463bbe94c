package dev.recon.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Instant and Duration options: a bad value is a usage error (exit 2) with the expected format. */
final class TimeConverters {
  private TimeConverters() {}

  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value.strip());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a time: give an ISO-8601 instant in UTC, "
                + "such as 2026-11-22T10:00:00Z");
      }
    }
  }

  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Duration.parse(value.strip());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a duration: give an ISO-8601 duration, "
                + "such as PT30M or PT1H");
      }
    }
  }
}
