package dev.ficus.gateway.observe;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Ficus's own observations (the shadow call, the comparison) are spans only. Claimed by this
 * handler ahead of Spring Boot's meter handler, they make no timers: those would duplicate {@code
 * ficus_upstream_latency_seconds} under names and labels of their own, without a description. The
 * route's figures are Ficus's documented {@code ficus_*} meters.
 */
public final class TraceOnlyObservations implements MeterObservationHandler<Observation.Context> {

  /** The prefix of every observation Ficus starts. */
  public static final String PREFIX = "ficus.";

  @Override
  public boolean supportsContext(Observation.Context context) {
    String name = context.getName();
    return name != null && name.startsWith(PREFIX);
  }

  @Override
  public String toString() {
    return "TraceOnlyObservations[" + PREFIX + "*]";
  }
}
