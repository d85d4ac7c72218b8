package dev.ficus.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonDiff;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.diff.ResponseComparator;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.rules.CompareRules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.json.JSONException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.skyscreamer.jsonassert.JSONCompare;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.skyscreamer.jsonassert.JSONCompareResult;

/**
 * The work of one comparison, from the two answers' bytes to the list of differences, for Ficus and
 * for two peers that do the same job: JSONAssert (org.json trees, strict mode) and zjsonpatch
 * (Jackson 2 trees, an RFC 6902 patch as the difference). Every contender parses both documents and
 * diffs them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DiffEngineBenchmark {

  @Param({"1024", "10240", "102400"})
  public int size;

  private byte[] legacyBytes;
  private byte[] newBytes;
  private String legacyText;
  private String newText;
  private RecordedResponse legacy;
  private RecordedResponse fresh;
  private final ObjectMapper jackson2 = new ObjectMapper();

  @Setup
  public void documents() {
    legacyBytes = FleetDocuments.document(size, false);
    newBytes = FleetDocuments.document(size, true);
    legacyText = new String(legacyBytes, StandardCharsets.UTF_8);
    newText = new String(newBytes, StandardCharsets.UTF_8);
    legacy = answer(legacyBytes);
    fresh = answer(newBytes);
    int found = ResponseComparator.compare(legacy, fresh, CompareRules.ofDefaults()).size();
    if (found != 3) {
      throw new IllegalStateException("the documents must differ in 3 places, found " + found);
    }
  }

  private static RecordedResponse answer(byte[] body) {
    return RecordedResponse.answered(
        200, Map.of(), Body.of(body, "application/json"), Duration.ZERO);
  }

  @Benchmark
  public List<Difference> ficus() {
    return ResponseComparator.compare(legacy, fresh, CompareRules.ofDefaults());
  }

  @Benchmark
  public JSONCompareResult jsonAssert() throws JSONException {
    return JSONCompare.compareJSON(legacyText, newText, JSONCompareMode.STRICT);
  }

  @Benchmark
  public com.fasterxml.jackson.databind.JsonNode zjsonpatch() throws java.io.IOException {
    return JsonDiff.asJson(jackson2.readTree(legacyBytes), jackson2.readTree(newBytes));
  }
}
