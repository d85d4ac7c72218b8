package dev.ficus.replay.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.diff.Difference;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyViewTest {

  @Test
  void prettyPrintsJsonAndMarksTheDifferingValuesOnTheSideThatHasThem() {
    List<Difference> differences =
        List.of(
            new Difference.ValueChanged("/fare/amount", "12.53", "12.52"),
            new Difference.MissingOnNew("/fleetCode", "\"F1\""));
    String legacy =
        BodyView.html(
            "{\"id\":\"T1\",\"fare\":{\"amount\":12.53},\"fleetCode\":\"F1\"}",
            differences,
            BodyView.Side.LEGACY);
    String fresh =
        BodyView.html(
            "{\"id\":\"T1\",\"fare\":{\"amount\":12.52}}", differences, BodyView.Side.NEW);

    assertThat(legacy)
        .isEqualTo(
            """
            {
              &quot;id&quot;: &quot;T1&quot;,
              &quot;fare&quot;: {
                &quot;amount&quot;: <mark>12.53</mark>
              },
              &quot;fleetCode&quot;: <mark>&quot;F1&quot;</mark>
            }""");
    assertThat(fresh)
        .contains("&quot;amount&quot;: <mark>12.52</mark>")
        .doesNotContain("fleetCode");
  }

  @Test
  void showsTextAndCutBodiesAsTheyAreEscaped() {
    assertThat(BodyView.html("{\"a\":[1,2", List.of(), BodyView.Side.NEW))
        .isEqualTo("{&quot;a&quot;:[1,2");
    assertThat(BodyView.html("hi <b>there", List.of(), BodyView.Side.NEW))
        .isEqualTo("hi &lt;b&gt;there");
    assertThat(BodyView.html("<a><b>1</b>", List.of(), BodyView.Side.NEW))
        .isEqualTo("&lt;a&gt;&lt;b&gt;1&lt;/b&gt;");
    assertThat(BodyView.html("[".repeat(5000) + "]".repeat(5000), List.of(), BodyView.Side.NEW))
        .startsWith("[[[");
  }

  @Test
  void writesXmlOneElementPerLineWithTheDifferingPlacesMarked() {
    List<Difference> differences =
        List.of(
            new Difference.ValueChanged(
                "/Envelope/Body/GetTripResponse/trip/fare", "\"12.50\"", "\"13.50\""),
            new Difference.ValueChanged(
                "/Envelope/Body/GetTripResponse/trip/@currency", "\"EUR\"", "\"USD\""));
    String fresh =
        BodyView.html(
            "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>"
                + "<GetTripResponse xmlns=\"urn:t\"><trip id=\"T-17\" currency=\"USD\">"
                + "<fare>13.50</fare><seat>4A</seat></trip></GetTripResponse></S:Body></S:Envelope>",
            differences,
            BodyView.Side.NEW);
    assertThat(fresh)
        .isEqualTo(
            """
            &lt;Envelope&gt;
              &lt;Body&gt;
                &lt;GetTripResponse&gt;
                  &lt;trip <mark>currency=&quot;USD&quot;</mark> id=&quot;T-17&quot;&gt;
                    <mark>&lt;fare&gt;13.50&lt;/fare&gt;</mark>
                    &lt;seat&gt;4A&lt;/seat&gt;
                  &lt;/trip&gt;
                &lt;/GetTripResponse&gt;
              &lt;/Body&gt;
            &lt;/Envelope&gt;
            """);
  }

  @Test
  void marksTheDifferingLinesOfAText() {
    assertThat(
            BodyView.html(
                "id,fare\nT-1,10\nT-2,25",
                List.of(new Difference.ValueChanged("/line/3", "\"T-2,20\"", "\"T-2,25\"")),
                BodyView.Side.NEW))
        .isEqualTo("id,fare\nT-1,10\n<mark>T-2,25</mark>\n");
  }
}
