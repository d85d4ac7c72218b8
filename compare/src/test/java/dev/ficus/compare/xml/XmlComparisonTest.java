package dev.ficus.compare.xml;

import static dev.ficus.compare.Exchanges.answer;
import static dev.ficus.compare.Exchanges.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.ExchangeComparator;
import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.diff.ResponseComparator;
import dev.ficus.compare.exchange.RecordedResponse;
import dev.ficus.compare.noise.NoiseLearner;
import dev.ficus.compare.outcome.Outcome;
import dev.ficus.compare.outcome.SkipReason;
import dev.ficus.compare.rules.CompareRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmlunit.builder.DiffBuilder;

/**
 * SOAP answers as a monolith and its new service give them: timestamps learned as noise while a
 * real change is still seen, hostile documents that cannot hurt, and agreement with XMLUnit on what
 * is only written differently.
 */
class XmlComparisonTest {

  private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

  private static String quote(String prefix, Instant sent, String fare) {
    return """
        <%1$s:Envelope xmlns:%1$s="%2$s" xmlns:f="urn:fleet:fares">
          <%1$s:Header><f:sent>%3$s</f:sent><f:request>%4$s</f:request></%1$s:Header>
          <%1$s:Body><f:QuoteResponse><f:fare currency="EUR">%5$s</f:fare></f:QuoteResponse></%1$s:Body>
        </%1$s:Envelope>"""
        .formatted(prefix, SOAP, sent, Long.toHexString(new Random().nextLong()), fare);
  }

  private static RecordedResponse xml(String body) {
    return answer(body, "text/xml; charset=utf-8");
  }

  @Test
  void commentsAndProcessingInstructionsAreLeftOutUnlessTheRouteComparesThem() {
    String legacy = "<trip><!-- built by the monolith --><?render fast?><fare>12.50</fare></trip>";
    String fresh = "<trip><!-- built anew --><?render slow?><fare>12.50</fare></trip>";
    assertThat(ResponseComparator.compare(xml(legacy), xml(fresh), CompareRules.ofDefaults()))
        .isEmpty();
    assertThat(
            ResponseComparator.compare(
                xml(legacy), xml(fresh), CompareRules.custom().xmlComments(true).build()))
        .extracting(Difference::path)
        .containsExactly("/trip/#comment");
    assertThat(
            ResponseComparator.compare(
                xml(legacy),
                xml(fresh),
                CompareRules.custom().xmlProcessingInstructions(true).build()))
        .extracting(Difference::path)
        .containsExactly("/trip/#pi");
    assertThat(
            ResponseComparator.compare(
                xml(legacy),
                xml("<trip><fare>12.50</fare></trip>"),
                CompareRules.custom().xmlComments(true).xmlProcessingInstructions(true).build()))
        .as("a comment and an instruction only legacy has")
        .hasSize(2);
  }

  @Test
  void learnsTheTimestampsAsNoiseAndStillSeesEveryRealChangeOfTheFare() {
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    Instant start = Instant.parse("2026-12-07T10:00:00Z");
    for (int i = 0; i < 5; i++) {
      List<Difference> learned =
          comparator.learnNoise(
              xml(quote("soap", start.plusSeconds(i), "12.50")),
              xml(quote("soap", start.plusSeconds(i + 1), "12.50")));
      assertThat(learned)
          .extracting(Difference::path)
          .containsExactlyInAnyOrder("/Envelope/Header/sent", "/Envelope/Header/request");
    }
    int differing = 0;
    for (int i = 0; i < 120; i++) {
      String fare = i % 4 == 0 ? "13.50" : "12.50";
      Outcome outcome =
          comparator.compare(
              exchange(
                  xml(quote("soap", start.plusSeconds(100 + i), "12.50")),
                  xml(quote("S", start.plusSeconds(101 + i), fare))));
      if (outcome instanceof Outcome.Mismatch mismatch) {
        differing++;
        assertThat(mismatch.differences())
            .extracting(Difference::path)
            .containsExactly("/Envelope/Body/QuoteResponse/fare");
      } else {
        assertThat(outcome).isInstanceOf(Outcome.Match.class);
      }
    }
    assertThat(differing).isEqualTo(30);
  }

  @Test
  void neverReadsAnExternalEntityAndComparesSuchADocumentAsText(@TempDir Path dir)
      throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "db-password-42");
    String hostile =
        """
        <?xml version="1.0"?>
        <!DOCTYPE trip [<!ENTITY leak SYSTEM "%s">]>
        <trip><fare>&leak;</fare></trip>"""
            .formatted(secret.toUri());
    List<Difference> differences =
        ResponseComparator.compare(
            xml("<trip><fare>1</fare></trip>"), xml(hostile), CompareRules.ofDefaults());
    assertThat(differences).isNotEmpty();
    assertThat(differences.toString()).doesNotContain("db-password-42");
    assertThat(differences.get(0)).isEqualTo(new Difference.TypeChanged("", "xml", "text"));
  }

  @Test
  void neverExpandsEntitiesSoABillionLaughsIsOnlyItsOwnText() {
    StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n");
    laughs.append(" <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i < 10; i++) {
      laughs.append(" <!ENTITY lol%d \"%s\">\n".formatted(i, ("&lol" + (i - 1) + ";").repeat(10)));
    }
    laughs.append("]>\n<lolz>&lol9;</lolz>");
    List<Difference> differences =
        ResponseComparator.compare(
            xml("<lolz>lol</lolz>"), xml(laughs.toString()), CompareRules.ofDefaults());
    assertThat(differences).containsExactly(new Difference.TypeChanged("", "xml", "text"));
  }

  @Test
  void skipsADocumentNestedDeeperThanTheComparisonGoes() {
    String deep = "<a>".repeat(600) + "x" + "</a>".repeat(600);
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    Outcome outcome = comparator.compare(exchange(xml(deep), xml(deep.replace("x", "y"))));
    assertThat(outcome)
        .isEqualTo(
            new Outcome.Skipped(SkipReason.TOO_DEEP, "an XML body nests deeper than 500 levels"));
  }

  /**
   * Random documents written in two ways (other prefixes, attribute order, indentation, CDATA):
   * XMLUnit calls every pair similar and Ficus finds no difference; one changed value: XMLUnit
   * finds it and Ficus names exactly its path.
   */
  @Test
  void agreesWithXmlUnitOnRandomDocumentsWrittenDifferently() {
    Random random = new Random(26);
    for (int round = 0; round < 200; round++) {
      RandomXml document = RandomXml.generate(random);
      String a = document.write(random, "a");
      String b = document.write(random, "b");
      assertThat(
              DiffBuilder.compare(a)
                  .withTest(b)
                  .checkForSimilar()
                  .ignoreWhitespace()
                  .ignoreComments()
                  .build()
                  .hasDifferences())
          .as("XMLUnit on %s against %s", a, b)
          .isFalse();
      assertThat(ResponseComparator.compare(xml(a), xml(b), CompareRules.ofDefaults()))
          .as("%s against %s", a, b)
          .isEmpty();
      RandomXml.Changed changed = document.withOneValueChanged(random);
      String c = changed.document().write(random, "c");
      assertThat(
              DiffBuilder.compare(a)
                  .withTest(c)
                  .checkForSimilar()
                  .ignoreWhitespace()
                  .ignoreComments()
                  .build()
                  .hasDifferences())
          .isTrue();
      assertThat(ResponseComparator.compare(xml(a), xml(c), CompareRules.ofDefaults()))
          .as("%s against %s", a, c)
          .extracting(Difference::path)
          .containsExactly(changed.path());
    }
  }
}
