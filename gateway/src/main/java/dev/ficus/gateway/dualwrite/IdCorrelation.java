package dev.ficus.gateway.dualwrite;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.exchange.RecordedResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route's entities known to both sides: legacy's {@code L-17} is the new side's {@code
 * 3f2a...}. A later write to {@code /trips/L-17} goes to the new side as {@code /trips/3f2a...},
 * and in the new side's answers its id reads as legacy's, so that the two ids are one entity and
 * never a difference. Bounded: the least recently used pairs are forgotten first.
 */
final class IdCorrelation {

  /** Pairs kept per route. */
  static final int MAX_PAIRS = 10_000;

  /**
   * Ids this short are only correlated at the id path: replacing {@code 7} wherever it stands in an
   * answer would change counts and prices too.
   */
  static final int MIN_REPLACED_LENGTH = 4;

  private final Map<String, String> newByLegacy =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_PAIRS;
        }
      };

  synchronized void remember(String legacyId, String newId) {
    if (!legacyId.equals(newId)) {
      newByLegacy.put(legacyId, newId);
    }
  }

  synchronized void forget(String legacyId) {
    newByLegacy.remove(legacyId);
  }

  /** The new side's path of a write: each segment that is a legacy id known here, translated. */
  String newSidePath(String pathAndQuery) {
    int query = pathAndQuery.indexOf('?');
    String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    String[] segments = path.split("/", -1);
    boolean changed = false;
    synchronized (this) {
      if (newByLegacy.isEmpty()) {
        return pathAndQuery;
      }
      for (int i = 0; i < segments.length; i++) {
        String translated = segments[i].isEmpty() ? null : newByLegacy.get(segments[i]);
        if (translated != null) {
          segments[i] = translated;
          changed = true;
        }
      }
    }
    if (!changed) {
      return pathAndQuery;
    }
    return String.join("/", segments) + (query < 0 ? "" : pathAndQuery.substring(query));
  }

  /**
   * The new side's answer with its id written as legacy's wherever it stands as a whole token (the
   * id field, a link, the {@code Location} header), so the comparison sees one entity.
   */
  static RecordedResponse asLegacy(RecordedResponse fresh, String newId, String legacyId) {
    if (fresh == null
        || fresh.failed()
        || newId == null
        || legacyId == null
        || newId.equals(legacyId)
        || newId.length() < MIN_REPLACED_LENGTH) {
      return fresh;
    }
    Pattern token =
        Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(newId) + "(?![A-Za-z0-9_-])");
    String replacement = Matcher.quoteReplacement(legacyId);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    fresh
        .headers()
        .forEach(
            (name, values) -> {
              List<String> copied = new ArrayList<>();
              for (String value : values) {
                copied.add(
                    "location".equals(name) ? token.matcher(value).replaceAll(replacement) : value);
              }
              headers.put(name, copied);
            });
    Body body = fresh.body();
    Body correlated = body;
    if (body.bytes().length > 0 && !body.truncated()) {
      String text = new String(body.bytes(), StandardCharsets.UTF_8);
      String replaced = token.matcher(text).replaceAll(replacement);
      if (!replaced.equals(text)) {
        byte[] bytes = replaced.getBytes(StandardCharsets.UTF_8);
        correlated = new Body(bytes, body.contentType(), bytes.length, false);
      }
    }
    return new RecordedResponse(fresh.status(), headers, correlated, fresh.latency(), null);
  }

  @Override
  public synchronized String toString() {
    return "IdCorrelation[" + newByLegacy.size() + " pairs]";
  }
}
