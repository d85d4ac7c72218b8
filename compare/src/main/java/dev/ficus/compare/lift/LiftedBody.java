package dev.ficus.compare.lift;

import tools.jackson.databind.JsonNode;

/** A body turned into something that can be compared structurally. */
public sealed interface LiftedBody {

  /** A short name of the kind, for type differences: json, text, binary or empty. */
  String kind();

  /** A JSON body as a neutral tree. */
  record Json(JsonNode tree) implements LiftedBody {
    @Override
    public String kind() {
      return "json";
    }
  }

  /** A textual body, compared as text. */
  record Text(String text) implements LiftedBody {
    @Override
    public String kind() {
      return "text";
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
