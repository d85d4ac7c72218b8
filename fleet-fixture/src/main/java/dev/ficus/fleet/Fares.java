package dev.ficus.fleet;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The platform's fare rule: 3.50 EUR to start plus 1.25 EUR per kilometre, in cents. The monolith
 * has always rounded half up; the new billing rounds half to even (banker's rounding), which gives
 * one cent less for about one trip in eight: the demo's first deliberate behaviour change.
 */
public final class Fares {

  public static final BigDecimal BASE = new BigDecimal("3.50");
  public static final BigDecimal PER_KM = new BigDecimal("1.25");
  public static final String CURRENCY = "EUR";

  private Fares() {}

  /** The exact fare before rounding. */
  public static BigDecimal raw(BigDecimal distanceKm) {
    return BASE.add(PER_KM.multiply(distanceKm));
  }

  /** The monolith's fare. */
  public static BigDecimal legacy(BigDecimal distanceKm) {
    return raw(distanceKm).setScale(2, RoundingMode.HALF_UP);
  }

  /** The new billing's fare. */
  public static BigDecimal current(BigDecimal distanceKm) {
    return raw(distanceKm).setScale(2, RoundingMode.HALF_EVEN);
  }
}
