package dev.ficus.compare.diff;

import static dev.ficus.compare.Exchanges.exchange;
import static dev.ficus.compare.Exchanges.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.ExchangeComparator;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.compare.rules.CompareRules;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A document nested past the bound never overflows a thread's stack: it is skipped or bytes. */
class DeepJsonTest {

  /** {@code {"a":{"a":...{"a":LEAF}...}}}, {@code depth} objects deep. */
  static String nested(int depth, String leaf) {
    return "{\"a\":".repeat(depth) + leaf + "}".repeat(depth);
  }

  /** Runs on a thread with the JVM's default stack, like the gateway's worker threads. */
  static <T> T onAWorkerThread(java.util.function.Supplier<T> work) throws InterruptedException {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.set(work.get());
              } catch (Throwable t) {
                result.set(t);
              }
            });
    thread.start();
    thread.join();
    if (result.get() instanceof Throwable t) {
      throw new AssertionError("escaped: " + t.getClass().getName(), t);
    }
    @SuppressWarnings("unchecked")
    T value = (T) result.get();
    return value;
  }

  @Test
  void aDocumentTwentyThousandLevelsDeepIsSkippedAsTooDeep() throws InterruptedException {
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    Outcome outcome =
        onAWorkerThread(
            () ->
                comparator.compare(exchange(json(nested(20_000, "1")), json(nested(20_000, "2")))));
    assertThat(outcome).isInstanceOf(Outcome.Skipped.class);
    assertThat(((Outcome.Skipped) outcome).reason()).isEqualTo(SkipReason.TOO_DEEP);
    assertThat(SkipReason.TOO_DEEP.label()).isEqualTo("too_deep");
    assertThat(
            onAWorkerThread(
                () -> comparator.learnNoise(json(nested(20_000, "1")), json(nested(20_000, "2")))))
        .isEmpty();
  }

  @Test
  void theComparatorAloneComparesATooDeepDocumentAsBytes() throws InterruptedException {
    List<Difference> differences =
        onAWorkerThread(
            () ->
                ResponseComparator.compare(
                    json(nested(20_000, "1")),
                    json(nested(20_000, "2")),
                    CompareRules.ofDefaults()));
    assertThat(differences).hasSize(1);
    assertThat(differences.get(0).path()).isEmpty();
  }

  @Test
  void aDocumentAtTheBoundIsComparedValueByValueByBothEngines() throws InterruptedException {
    String legacy = nested(JsonLimits.MAX_DEPTH - 1, "[1]");
    String fresh = nested(JsonLimits.MAX_DEPTH - 1, "[2]");
    assertThat(JsonLimits.tooDeep(legacy.getBytes())).isFalse();
    assertThat(JsonLimits.tooDeep(nested(JsonLimits.MAX_DEPTH, "[1]").getBytes())).isTrue();
    String deepest = "/a".repeat(JsonLimits.MAX_DEPTH - 1) + "/0";
    List<Difference> bytes =
        onAWorkerThread(
            () -> ResponseComparator.compare(json(legacy), json(fresh), CompareRules.ofDefaults()));
    assertThat(bytes).extracting(Difference::path).containsExactly(deepest);
    // The tree engine, on trees read as the body lifter reads them.
    List<Difference> tree =
        onAWorkerThread(
            () -> {
              var out = new java.util.ArrayList<Difference>();
              JsonDiff.diffInto(
                  JsonLimits.mapper().readTree(legacy),
                  JsonLimits.mapper().readTree(fresh),
                  CompareRules.ofDefaults(),
                  out);
              return out;
            });
    assertThat(tree).extracting(Difference::path).containsExactly(deepest);
  }

  @Test
  void bracketsInsideStringsDoNotCount() {
    String manyBrackets = "{\"s\":\"" + "[{".repeat(5_000) + "\"}";
    assertThat(JsonLimits.tooDeep(manyBrackets.getBytes())).isFalse();
    assertThat(JsonLimits.tooDeep("{\"s\":\"\\\"[[\"}".getBytes())).isFalse();
  }
}
