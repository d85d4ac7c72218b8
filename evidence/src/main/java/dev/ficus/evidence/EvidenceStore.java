package dev.ficus.evidence;

import dev.ficus.evidence.internal.JdbcEvidenceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where every replica keeps its evidence buckets: a PostgreSQL database shared by the fleet, or an
 * embedded H2 file for one gateway. The schema is created and migrated by Flyway.
 */
public interface EvidenceStore extends AutopilotStore, AutoCloseable {

  /** A PostgreSQL (or H2) database by its JDBC URL. */
  static EvidenceStore jdbc(String url, String username, String password) {
    return new JdbcEvidenceStore(url, username, password);
  }

  /** An embedded H2 database in a folder of files: evidence kept across restarts, no set-up. */
  static EvidenceStore embedded(Path dir) {
    return new JdbcEvidenceStore(
        "jdbc:h2:file:" + dir.toAbsolutePath().resolve("evidence") + ";DB_CLOSE_ON_EXIT=FALSE",
        "sa",
        "");
  }

  /** Creates or migrates the schema; safe to call again. */
  void migrate() throws EvidenceStoreException;

  /** Writes buckets, replacing any already stored under the same key. */
  void write(List<Bucket> buckets) throws EvidenceStoreException;

  /** The route's buckets of one source that overlap {@code [from, to)}, from every replica. */
  List<Bucket> read(String route, String source, Instant from, Instant to)
      throws EvidenceStoreException;

  /**
   * The same buckets, handed over one at a time as they are read, so that a long window is merged
   * without every bucket being held at once.
   */
  void read(
      String route,
      String source,
      Instant from,
      Instant to,
      java.util.function.Consumer<Bucket> each)
      throws EvidenceStoreException;

  /**
   * When the route's current step began: the end of its latest bucket recorded at another stage or
   * share; empty when every stored bucket is of this step.
   */
  Optional<Instant> stepBegan(String route, String source, String stage, Integer share)
      throws EvidenceStoreException;

  /**
   * The stage, share and span of each of the route's buckets of one source that end at or before
   * {@code before}, from every replica, latest end first: where its earlier steps were.
   */
  List<Bucket.Span> spans(String route, String source, Instant before)
      throws EvidenceStoreException;

  /**
   * Merges this replica's old buckets into coarser ones: 10 s buckets older than an hour into
   * minutes, older than a day into hours. Buckets of different stages or shares stay apart.
   *
   * @return how many buckets were merged away
   */
  int compact(String replica, Instant now) throws EvidenceStoreException;

  /** Deletes every bucket that ended before {@code cutoff}; returns how many. */
  int expire(Instant cutoff) throws EvidenceStoreException;

  /** Where it is, without credentials, e.g. {@code jdbc:postgresql://db:5432/ficus}. */
  String describe();

  /** The tiers buckets are compacted into: after this age, buckets become this long. */
  List<Tier> TIERS =
      List.of(
          new Tier(Duration.ofHours(1), Duration.ofMinutes(1)),
          new Tier(Duration.ofDays(1), Duration.ofHours(1)));

  /**
   * @param after buckets that ended longer ago than this
   * @param length are merged into buckets this long
   */
  record Tier(Duration after, Duration length) {}

  @Override
  void close();
}
