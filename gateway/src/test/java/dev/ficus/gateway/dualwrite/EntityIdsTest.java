package dev.ficus.gateway.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each side's write answer names the entity it created or changed. */
class EntityIdsTest {

  private static RecordedResponse answer(String contentType, String body, String location) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (contentType != null) {
      headers.put("content-type", List.of(contentType));
    }
    if (location != null) {
      headers.put("location", List.of(location));
    }
    return RecordedResponse.answered(
        201, headers, Body.of(body.getBytes(StandardCharsets.UTF_8), contentType), null);
  }

  @Test
  void readsAJsonPointerIntoAJsonAnswer() {
    RecordedResponse answer =
        answer("application/json", "{\"trip\":{\"id\":\"L-17\",\"n\":3}}", "/trips/other");
    assertThat(EntityIds.of("/trip/id", "POST", "/trips", answer)).hasValue("L-17");
  }

  @Test
  void readsANumericId() {
    assertThat(
            EntityIds.of("/id", "POST", "/trips", answer("application/json", "{\"id\":42}", null)))
        .hasValue("42");
  }

  @Test
  void readsAnElementPathIntoAnXmlAnswer() {
    RecordedResponse answer =
        answer(
            "application/xml",
            "<?xml version=\"1.0\"?><t:trip xmlns:t=\"urn:t\"><t:rider>ann</t:rider><t:id> 3f2a </t:id></t:trip>",
            null);
    assertThat(EntityIds.of("/trip/id", "POST", "/trips", answer)).hasValue("3f2a");
  }

  @Test
  void fallsBackToTheLastSegmentOfTheLocationHeader() {
    RecordedResponse answer =
        answer("application/json", "{\"ok\":true}", "http://legacy/trips/L-9?view=full");
    assertThat(EntityIds.of("/id", "POST", "/trips", answer)).hasValue("L-9");
    assertThat(EntityIds.of(null, "POST", "/trips", answer)).hasValue("L-9");
  }

  @Test
  void aChangeOrDeleteNamesTheEntityByItsPath() {
    RecordedResponse noContent = RecordedResponse.answered(204, Map.of(), Body.empty(null), null);
    assertThat(EntityIds.of("/id", "DELETE", "/trips/L-3", noContent)).hasValue("L-3");
    assertThat(EntityIds.of(null, "PUT", "/trips/L%2F3/", noContent)).hasValue("L/3");
  }

  @Test
  void aCreationThatNamesNothingHasNoId() {
    assertThat(EntityIds.of("/id", "POST", "/trips", answer("application/json", "{}", null)))
        .isEmpty();
    assertThat(EntityIds.of("/id", "POST", "/trips", answer("text/plain", "id=3", null))).isEmpty();
    assertThat(EntityIds.of("/id", "POST", "/trips", RecordedResponse.failed("call failed", null)))
        .isEmpty();
  }
}
