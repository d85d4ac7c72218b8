package dev.ficus.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The autopilot's state that every replica shares, in the evidence store's database: who drives a
 * route (a lease, so exactly one replica steps it at a time and another takes over when it stops),
 * whether it is stopped (paused by an operator, or failed), and the history of its steps.
 */
public interface AutopilotStore {

  /**
   * Takes or renews the route's lease for {@code holder} until {@code now + ttl}: granted when
   * nobody holds it, the holder's own lease is renewed, or the last one ran out.
   *
   * @return whether {@code holder} drives the route now
   */
  boolean lease(String route, String holder, Instant now, Duration ttl)
      throws EvidenceStoreException;

  /** Gives the lease up at once (a replica stopping), so another replica takes over. */
  void release(String route, String holder) throws EvidenceStoreException;

  /**
   * Stops the autopilot of the route ({@code stopped} is {@code paused} or {@code failed}) with
   * why, or resumes it ({@code stopped} null).
   */
  void stop(String route, String stopped, String why, Instant at) throws EvidenceStoreException;

  /** The route's shared state; {@link Pilot#NONE} when nothing was stored yet. */
  Pilot pilot(String route) throws EvidenceStoreException;

  /** Records a step the autopilot took (or, in a dry run, would have taken). */
  void recordStep(String route, Step step) throws EvidenceStoreException;

  /** The route's latest steps, oldest first. */
  List<Step> steps(String route, int limit) throws EvidenceStoreException;

  /**
   * @param holder the replica driving the route, or null
   * @param until when its lease runs out
   * @param stopped {@code paused}, {@code failed} or null while it runs
   * @param why why it stopped
   * @param stoppedAt since when
   */
  record Pilot(String holder, Instant until, String stopped, String why, Instant stoppedAt) {
    public static final Pilot NONE = new Pilot(null, Instant.EPOCH, null, null, null);
  }

  /**
   * @param at when
   * @param action {@code advance}, {@code fail}, {@code done}, {@code pause}, {@code resume}, or
   *     one of them prefixed {@code dry-run-}
   * @param from the step before, e.g. {@code shadow}, {@code canary 5%}
   * @param to the step after
   * @param reason why, in words
   * @param by the replica that took it, or the operator
   */
  record Step(Instant at, String action, String from, String to, String reason, String by) {}
}
