package dev.ficus.compare.html;

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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Server-rendered pages as a monolith gives them: a CSRF token and a nonce on every page. */
class HtmlComparisonTest {

  private static RecordedResponse page(String total) {
    String token = UUID.randomUUID().toString().replace("-", "");
    return answer(
        """
        <!DOCTYPE html>
        <html><head><script nonce="%1$s">window.ready = true;</script></head>
        <body><main id="basket"><p class="total">Total: %2$s EUR</p>
        <form method="post"><input type="hidden" name="_csrf" value="%1$s"><button>Pay</button></form>
        </main></body></html>"""
            .formatted(token, total),
        "text/html;charset=UTF-8");
  }

  @Test
  void learnsTheCsrfTokenAndTheNonceAsNoiseAndSeesTheChangedTotal() {
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    for (int i = 0; i < 3; i++) {
      assertThat(comparator.learnNoise(page("12.50"), page("12.50")))
          .extracting(Difference::path)
          .containsExactlyInAnyOrder(
              "/html/head/script/@nonce", "/html/body/main#basket/form/input/@value");
    }
    assertThat(comparator.compare(exchange(page("12.50"), page("12.50"))))
        .isInstanceOf(Outcome.Match.class);
    Outcome outcome = comparator.compare(exchange(page("12.50"), page("13.00")));
    assertThat(outcome).isInstanceOf(Outcome.Mismatch.class);
    assertThat(((Outcome.Mismatch) outcome).differences())
        .containsExactly(
            new Difference.ValueChanged(
                "/html/body/main#basket/p", "\"Total: 12.50 EUR\"", "\"Total: 13.00 EUR\""));
  }

  @Test
  void readsBrokenMarkupAsABrowserWouldSoMissingTagsAreNoDifference() {
    RecordedResponse sloppy = answer("<title>Trips</title><p>One<p>Two", "text/html");
    RecordedResponse tidy =
        answer(
            "<html><head><title>Trips</title></head><body><p>One</p><p>Two</p></body></html>",
            "text/html");
    assertThat(ResponseComparator.compare(sloppy, tidy, CompareRules.ofDefaults())).isEmpty();
  }

  @Test
  void skipsAPageNestedDeeperThanTheComparisonGoes() {
    String deep =
        "<html><body>" + "<div>".repeat(700) + "x" + "</div>".repeat(700) + "</body></html>";
    ExchangeComparator comparator =
        new ExchangeComparator(CompareRules.ofDefaults(), new NoiseLearner());
    Outcome outcome =
        comparator.compare(
            exchange(answer(deep, "text/html"), answer(deep.replace("x", "y"), "text/html")));
    assertThat(outcome)
        .extracting(o -> ((Outcome.Skipped) o).reason())
        .isEqualTo(SkipReason.TOO_DEEP);
  }
}
