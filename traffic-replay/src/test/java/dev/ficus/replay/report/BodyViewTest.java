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
    assertThat(BodyView.html("<b>hi</b>", List.of(), BodyView.Side.NEW))
        .isEqualTo("&lt;b&gt;hi&lt;/b&gt;");
    assertThat(BodyView.html("[".repeat(5000) + "]".repeat(5000), List.of(), BodyView.Side.NEW))
        .startsWith("[[[");
  }
}
