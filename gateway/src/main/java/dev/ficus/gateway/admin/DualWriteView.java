package dev.ficus.gateway.admin;

import dev.ficus.compare.analysis.DualWriteFigures;
import dev.ficus.gateway.dualwrite.DualWriteSettings;
import dev.ficus.gateway.dualwrite.DualWriter;
import dev.ficus.gateway.observe.RouteEvidence;

/**
 * A route's dual writes in the admin report: its settings, whether writes go to both sides now, and
 * how they came out.
 *
 * @param active whether the route's writes go to both sides now (stage dual-write, not rolled back)
 * @param id where each side's answer names the entity, or null for the Location header
 * @param readBack the entity's read path
 * @param delay how long after the writes the entity is read back
 * @param attempts read-backs before a divergence
 * @param converged entities read back alike from both sides
 * @param diverged entities read back differently after every attempt
 * @param writeFailed writes the new side failed
 * @param abandoned read-backs pending at a stop, or not scheduled
 * @param pending read-backs scheduled and not yet judged
 * @param divergenceRate diverged among read-backs (0 with none)
 */
public record DualWriteView(
    boolean active,
    String id,
    String readBack,
    String delay,
    int attempts,
    long converged,
    long diverged,
    long writeFailed,
    long abandoned,
    long pending,
    double divergenceRate) {

  static DualWriteView of(RouteEvidence route) {
    DualWriteSettings settings = route.route().dualWrite();
    if (settings == null) {
      return null;
    }
    DualWriteFigures figures = route.dualWrite().figures();
    if (figures == null) {
      figures = DualWriteFigures.NONE;
    }
    return new DualWriteView(
        DualWriter.writesBoth(route),
        settings.idPath(),
        settings.readBack(),
        settings.delay().toString(),
        settings.attempts(),
        figures.converged(),
        figures.diverged(),
        figures.writeFailed(),
        figures.abandoned(),
        route.dualWrite().pending(),
        figures.divergenceRate());
  }
}
