package dev.ficus.benchmarks;

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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.Diff;

/**
 * The comparison of a 10 KB SOAP answer pair (other prefixes, attribute order and indentation on
 * the new side, one fare changed) by Ficus and by XMLUnit's similarity diff on the same pair, and
 * the same answer as JSON through Ficus for reference. Every contender parses both documents and
 * diffs them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XmlCompareBenchmark {

  private String legacyXml;
  private String newXml;
  private RecordedResponse legacy;
  private RecordedResponse fresh;
  private RecordedResponse legacyJson;
  private RecordedResponse freshJson;

  @Setup
  public void documents() {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    StringBuilder ja = new StringBuilder();
    StringBuilder jb = new StringBuilder();
    a.append(
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:t=\"urn:fleet:trips\">\n  <soap:Body>\n    <t:ListTripsResponse>\n");
    b.append(
        "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>"
            + "<ListTripsResponse xmlns=\"urn:fleet:trips\">");
    ja.append("{\"trips\":[");
    jb.append("{\"trips\":[");
    int i = 0;
    while (a.length() < 10_000) {
      String fare = "12." + (10 + i % 80);
      String changed = i == 20 ? "13." + (10 + i % 80) : fare;
      a.append(
          "      <t:trip id=\"T-%d\" currency=\"EUR\">\n        <t:from>stop-%d</t:from>\n"
                  .formatted(i, i)
              + "        <t:to>stop-%d</t:to>\n        <t:fare>%s</t:fare>\n      </t:trip>\n"
                  .formatted(i + 1, fare));
      b.append(
          "<trip currency=\"EUR\" id=\"T-%d\"><from>stop-%d</from><to>stop-%d</to><fare>%s</fare></trip>"
              .formatted(i, i, i + 1, changed));
      String entry =
          "{\"id\":\"T-%d\",\"currency\":\"EUR\",\"from\":\"stop-%d\",\"to\":\"stop-%d\",\"fare\":%s}";
      ja.append(i == 0 ? "" : ",").append(entry.formatted(i, i, i + 1, fare));
      jb.append(i == 0 ? "" : ",").append(entry.formatted(i, i, i + 1, changed));
      i++;
    }
    a.append("    </t:ListTripsResponse>\n  </soap:Body>\n</soap:Envelope>\n");
    b.append("</ListTripsResponse></S:Body></S:Envelope>");
    ja.append("]}");
    jb.append("]}");
    legacyXml = a.toString();
    newXml = b.toString();
    legacy = answer(legacyXml, "text/xml; charset=utf-8");
    fresh = answer(newXml, "text/xml");
    legacyJson = answer(ja.toString(), "application/json");
    freshJson = answer(jb.toString(), "application/json");
    List<Difference> found = ficusXml();
    if (found.size() != 1 || !found.get(0).path().endsWith("/trip/21/fare")) {
      throw new IllegalStateException("the SOAP answers must differ in one fare, found " + found);
    }
    if (ficusJson().size() != 1 || !xmlUnit().hasDifferences()) {
      throw new IllegalStateException("every contender must find the changed fare");
    }
  }

  private static RecordedResponse answer(String body, String type) {
    return RecordedResponse.answered(
        200, Map.of(), Body.of(body.getBytes(StandardCharsets.UTF_8), type), Duration.ZERO);
  }

  @Benchmark
  public List<Difference> ficusXml() {
    return ResponseComparator.compare(legacy, fresh, CompareRules.ofDefaults());
  }

  @Benchmark
  public Diff xmlUnit() {
    Diff diff =
        DiffBuilder.compare(legacyXml)
            .withTest(newXml)
            .checkForSimilar()
            .ignoreWhitespace()
            .ignoreComments()
            .build();
    diff.hasDifferences();
    return diff;
  }

  @Benchmark
  public List<Difference> ficusJson() {
    return ResponseComparator.compare(legacyJson, freshJson, CompareRules.ofDefaults());
  }
}
