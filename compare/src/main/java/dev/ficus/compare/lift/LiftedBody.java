package dev.ficus.compare.lift;

/** A body turned into something that can be compared structurally. */
public sealed interface LiftedBody {

  /**
   * A short name of the kind, for type differences: json, xml, html, form, text, binary or empty.
   */
  String kind();

  /** A body read by its format, diffed by the same format. */
  record Structured<T>(BodyFormat<T> format, T document) implements LiftedBody {
    @Override
    public String kind() {
      return format.kind();
    }
  }

  /** Any other body, compared by length and hash. */
  record Opaque(long length, String sha256) implements LiftedBody {
    @Override
    public String kind() {
      return "binary";
    }

    @Override
    public String toString() {
      return length + " bytes, sha256 " + sha256;
    }
  }

  /** No body at all. */
  record Empty() implements LiftedBody {
    @Override
    public String kind() {
      return "empty";
    }
  }
}
