package dev.ficus.compare;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.diff.JsonLimits;
import dev.ficus.compare.diff.ResponseComparator;
import dev.ficus.compare.exchange.RecordedExchange;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.lift.BodyTooDeepException;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.noise.NoiseValues;
import dev.ficus.compare.outcome.NoisyDifference;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.compare.rules.CompareRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Compares the two answers of an exchange under a route's rules, and tells real differences from
 * noise: paths where legacy differs from itself (learned) and values that differ by nature (UUIDs,
 * current times).
 */
public final class ExchangeComparator {

  private final CompareRules rules;
  private final NoiseLearner noise;

  public ExchangeComparator(CompareRules rules, NoiseLearner noise) {
    this.rules = rules;
    this.noise = noise;
  }

  public Outcome compare(RecordedExchange exchange) {
    RecordedResponse legacy = exchange.legacy();
    RecordedResponse fresh = exchange.fresh();
    if (legacy == null || fresh == null) {
      return Outcome.skipped(SkipReason.SHADOW_FAILED);
    }
    Side shadow = exchange.servingSide() == null ? Side.NEW : exchange.servingSide().other();
    if (exchange.response(shadow.other()).failed()) {
      return new Outcome.Skipped(
          SkipReason.PRIMARY_FAILED, exchange.response(shadow.other()).error());
    }
    if (exchange.response(shadow).failed()) {
      String error = exchange.response(shadow).error();
      boolean timeout =
          error.toLowerCase(java.util.Locale.ROOT).contains("timeout")
              || error.toLowerCase(java.util.Locale.ROOT).contains("timed out");
      return new Outcome.Skipped(
          timeout ? SkipReason.SHADOW_TIMEOUT : SkipReason.SHADOW_FAILED, error);
    }
    if (legacy.body().truncated() || fresh.body().truncated()) {
      return Outcome.skipped(SkipReason.BODY_TOO_LARGE);
    }
    byte[] legacyBytes = legacy.body().bytes();
    byte[] freshBytes = fresh.body().bytes();
    // Equal bodies nest equally deep: one is measured.
    if (JsonLimits.tooDeep(legacyBytes)
        || (!Arrays.equals(legacyBytes, freshBytes) && JsonLimits.tooDeep(freshBytes))) {
      return new Outcome.Skipped(
          SkipReason.TOO_DEEP, "a JSON body nests deeper than " + JsonLimits.MAX_DEPTH + " levels");
    }
    List<Difference> real = new ArrayList<>();
    List<NoisyDifference> noisy = new ArrayList<>();
    List<Difference> differences;
    try {
      differences = ResponseComparator.compare(legacy, fresh, rules);
    } catch (BodyTooDeepException e) {
      return new Outcome.Skipped(SkipReason.TOO_DEEP, e.getMessage());
    }
    for (Difference difference : differences) {
      Optional<String> reason =
          noise.isNoise(difference.path())
              ? Optional.of("learned")
              : NoiseValues.reason(difference, exchange.time());
      if (reason.isPresent()) {
        noisy.add(new NoisyDifference(difference, reason.get()));
      } else {
        real.add(difference);
      }
    }
    return real.isEmpty() ? new Outcome.Match(noisy) : new Outcome.Mismatch(real, noisy);
  }

  /**
   * Shows the learner two answers of legacy to the same request.
   *
   * @return where they differed (what was learned); empty when they could not be compared
   */
  public List<Difference> learnNoise(RecordedResponse first, RecordedResponse second) {
    if (first == null
        || second == null
        || first.failed()
        || second.failed()
        || first.body().truncated()
        || second.body().truncated()
        || JsonLimits.tooDeep(first.body().bytes())
        || JsonLimits.tooDeep(second.body().bytes())) {
      return List.of();
    }
    List<Difference> differences;
    try {
      differences = ResponseComparator.compare(first, second, rules);
    } catch (BodyTooDeepException e) {
      return List.of();
    }
    noise.learn(differences);
    return differences;
  }

  public CompareRules rules() {
    return rules;
  }

  public NoiseLearner noise() {
    return noise;
  }
}
