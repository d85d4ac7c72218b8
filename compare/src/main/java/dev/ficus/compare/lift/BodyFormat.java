package dev.ficus.compare.lift;

import dev.ficus.compare.diff.Difference;
import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.rules.CompareRules;
import java.util.List;

/**
 * One media type's comparison: it lifts a body into a document it understands, and diffs two lifted
 * documents into the same {@link Difference}s every format produces, so rules, noise, counts and
 * verdicts stay format-free. {@link BodyFormats} chooses the format of a body.
 *
 * @param <T> the lifted document
 */
public interface BodyFormat<T> {

  /** The kind a type difference names: json, xml, html, form, text. */
  String kind();

  /** Whether this format reads a body of this media type (lower case, without parameters). */
  boolean accepts(String mediaType);

  /**
   * Reads the body.
   *
   * @throws UnreadableBody when the body is not this format after all (compared as text then), or
   *     when it nests deeper than the comparison goes
   */
  T lift(Body body) throws UnreadableBody;

  /**
   * Reads the body as the route's rules ask (XML's comments and processing instructions, say); by
   * default as {@link #lift(Body)}.
   */
  default T lift(Body body, CompareRules rules) throws UnreadableBody {
    return lift(body);
  }

  /**
   * Adds the differences of {@code fresh} from {@code legacy} to {@code out}, in document order.
   */
  void diff(T legacy, T fresh, CompareRules rules, List<Difference> out);
}
