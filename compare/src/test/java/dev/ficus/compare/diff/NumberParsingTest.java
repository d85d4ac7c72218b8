package dev.ficus.compare.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte diff's number reading must give exactly the double the JDK (and so Jackson) gives. */
class NumberParsingTest {

  @Test
  void readsEveryJsonNumberAsTheJdkDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder number = new StringBuilder();
      if (random.nextBoolean()) {
        number.append('-');
      }
      int whole = random.nextInt(12);
      number.append(
          whole == 0 ? "0" : Long.toString(1 + (long) (random.nextDouble() * Math.pow(10, whole))));
      if (random.nextBoolean()) {
        number.append('.');
        int fraction = 1 + random.nextInt(14);
        for (int d = 0; d < fraction; d++) {
          number.append((char) ('0' + random.nextInt(10)));
        }
      }
      if (random.nextInt(3) == 0) {
        number.append(random.nextBoolean() ? 'e' : 'E');
        number.append(random.nextBoolean() ? "-" : random.nextBoolean() ? "+" : "");
        number.append(random.nextInt(40));
      }
      String text = number.toString();
      byte[] bytes = ("[" + text + "]").getBytes(StandardCharsets.US_ASCII);
      double parsed = JsonScalars.parseDouble(bytes, 1, bytes.length - 1);
      assertThat(Double.doubleToLongBits(parsed))
          .as(text)
          .isEqualTo(Double.doubleToLongBits(Double.parseDouble(text)));
    }
  }
}
