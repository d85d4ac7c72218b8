package dev.ficus.gateway.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Legacy's id and the new side's id of one entity: one entity, never a difference. */
class IdCorrelationTest {

  private static final String NEW_ID = "3f2a9c1e-0000-4000-8000-000000000001";

  @Test
  void aLaterWriteReachesTheNewSideUnderItsOwnId() {
    IdCorrelation ids = new IdCorrelation();
    assertThat(ids.newSidePath("/trips/L-17")).isEqualTo("/trips/L-17");
    ids.remember("L-17", NEW_ID);
    assertThat(ids.newSidePath("/trips/L-17?notify=true"))
        .isEqualTo("/trips/" + NEW_ID + "?notify=true");
    assertThat(ids.newSidePath("/trips/L-17/stops/2")).isEqualTo("/trips/" + NEW_ID + "/stops/2");
    assertThat(ids.newSidePath("/trips/L-170")).isEqualTo("/trips/L-170");
    ids.forget("L-17");
    assertThat(ids.newSidePath("/trips/L-17")).isEqualTo("/trips/L-17");
  }

  @Test
  void theNewSidesIdReadsAsLegacysWhereverItStandsWhole() {
    String body =
        "{\"id\":\"" + NEW_ID + "\",\"self\":\"/trips/" + NEW_ID + "\",\"n\":\"x" + NEW_ID + "\"}";
    RecordedResponse fresh =
        RecordedResponse.answered(
            201,
            Map.of("location", List.of("/trips/" + NEW_ID)),
            Body.of(body.getBytes(StandardCharsets.UTF_8), "application/json"),
            null);
    RecordedResponse correlated = IdCorrelation.asLegacy(fresh, NEW_ID, "L-17");
    assertThat(new String(correlated.body().bytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":\"L-17\",\"self\":\"/trips/L-17\",\"n\":\"x" + NEW_ID + "\"}");
    assertThat(correlated.header("location")).isEqualTo("/trips/L-17");
  }

  @Test
  void aShortIdIsLeftToTheIdPath() {
    RecordedResponse fresh =
        RecordedResponse.answered(
            201,
            Map.of(),
            Body.of("{\"id\":7,\"seats\":7}".getBytes(StandardCharsets.UTF_8), "application/json"),
            null);
    assertThat(IdCorrelation.asLegacy(fresh, "7", "12")).isSameAs(fresh);
  }
}
