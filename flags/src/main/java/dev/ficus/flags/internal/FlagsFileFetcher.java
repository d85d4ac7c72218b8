package dev.ficus.flags.internal;

import dev.ficus.flags.FlagsFileException;
import io.getunleash.event.ClientFeaturesResponse;
import io.getunleash.repository.FeatureFetcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds a flags file to the Unleash client's own polling: each poll re-reads the file and hands it
 * over when it changed ({@link ObservedFetcher} checks it before the client takes it, so a file
 * that is not valid leaves the last good flags in force).
 */
public final class FlagsFileFetcher implements FeatureFetcher {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Path file;

  /** The validated content read at start-up, handed to the client on its first fetch. */
  private volatile String pending;

  /** The content last read, good or bad, so a file is handed over once per change. */
  private volatile String lastSeen;

  private FlagsFileFetcher(Path file, String firstContent) {
    this.file = file;
    this.pending = firstContent;
  }

  /** Reads and checks the file once, so a bad file stops start-up instead of leaving no flags. */
  public static FlagsFileFetcher validated(Path file) {
    String content = read(file);
    Optional<String> problem = problemWith(content, false);
    if (problem.isPresent()) {
      throw new FlagsFileException(file, problem.get(), null);
    }
    return new FlagsFileFetcher(file, content);
  }

  @Override
  public ClientFeaturesResponse fetchFeatures() {
    String content = pending;
    if (content != null) {
      pending = null;
      lastSeen = content;
      return ClientFeaturesResponse.updated(content);
    }
    try {
      content = read(file);
    } catch (FlagsFileException e) {
      lastSeen = null;
      throw e;
    }
    if (content.equals(lastSeen)) {
      return ClientFeaturesResponse.notChanged();
    }
    lastSeen = content;
    return ClientFeaturesResponse.updated(content);
  }

  private static String read(Path file) {
    try {
      return VariantDefaults.completed(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | SecurityException e) {
      throw new FlagsFileException(
          file,
          "cannot be read (" + e + "); give a readable file in the Unleash client-API format",
          e);
    }
  }

  /**
   * Why the content is not usable flags (a file, or an Unleash server's answer), or empty when it
   * is: not JSON, not the client-API shape (or the delta API's events), a strategy or parameter
   * that is not valid (named with its flag), or refused by the Unleash engine.
   *
   * @param customAllowed whether a strategy the engine does not know passes, as an Unleash server's
   *     custom strategy; in a file it is a typo
   */
  public static Optional<String> problemWith(String written, boolean customAllowed) {
    // judged as it is loaded: a variant given only by its name is completed first
    String content = VariantDefaults.completed(written);
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (JacksonException e) {
      return Optional.of("is not valid JSON: " + e.getOriginalMessage() + " at " + location(e));
    }
    if (root == null || !root.isObject()) {
      return Optional.of(
          "must be a JSON object like {\"version\":2,\"features\":[...]} (the Unleash client-API format)");
    }
    Map<String, JsonNode> features = DocumentForms.located(root);
    if (features == null) {
      return Optional.of(
          "needs a \"features\" array (the Unleash client-API format) or an \"events\" array (its"
              + " delta API)");
    }
    for (Map.Entry<String, JsonNode> located : features.entrySet()) {
      JsonNode feature = located.getValue();
      if (!feature.path("name").isString() || feature.path("name").asString().isBlank()) {
        return Optional.of(located.getKey() + " needs a \"name\"");
      }
      if (!feature.path("enabled").isBoolean()) {
        return Optional.of(
            located.getKey()
                + " ("
                + feature.path("name").asString()
                + ") needs \"enabled\": true or false");
      }
    }
    List<String> strategies = FlagDocuments.problems(features, customAllowed);
    if (!strategies.isEmpty()) {
      return Optional.of(String.join("; ", strategies));
    }
    return EngineCheck.problemWith(content, root, features);
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null
        ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  @Override
  public String toString() {
    return "FlagsFileFetcher[" + file + "]";
  }
}
