package dev.ficus.evidence.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ficus.compare.analysis.SnapshotSum;
import dev.ficus.evidence.Bucket;
import dev.ficus.evidence.EvidenceStore;
import dev.ficus.evidence.EvidenceStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** The evidence store over JDBC: PostgreSQL, or H2 in a file. */
public final class JdbcEvidenceStore implements EvidenceStore {

  private static final String COLUMNS =
      "route, replica, instance, source, start_ms, length_ms, stage, share, figures,"
          + " latency_legacy, latency_new, written_at_ms";

  private static final int MAX_PATHS = 500;

  private final String url;
  private final String vendor;
  private final HikariDataSource pool;
  // Migrated by this process: the writer migrates first, and a read before its first batch (the
  // fleet view, noise seeding at start) migrates too rather than find no tables.
  private volatile boolean migrated;
  private final String upsert;
  private final JdbcAutopilotState autopilot = new JdbcAutopilotState(this);
  private final JdbcSteps steps = new JdbcSteps(this);

  public JdbcEvidenceStore(String url, String username, String password) {
    this.url = url;
    if (url.startsWith("jdbc:postgresql:")) {
      vendor = "postgresql";
      upsert =
          "INSERT INTO evidence_bucket ("
              + COLUMNS
              + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (route, replica, instance, source, start_ms)"
              + " DO UPDATE SET length_ms = EXCLUDED.length_ms, stage = EXCLUDED.stage, share = EXCLUDED.share, figures ="
              + " EXCLUDED.figures, latency_legacy = EXCLUDED.latency_legacy, latency_new ="
              + " EXCLUDED.latency_new, written_at_ms = EXCLUDED.written_at_ms";
    } else if (url.startsWith("jdbc:h2:")) {
      vendor = "h2";
      upsert =
          "MERGE INTO evidence_bucket ("
              + COLUMNS
              + ") KEY (route, replica, instance, source, start_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
    } else {
      throw new IllegalArgumentException(
          "'"
              + describe(url)
              + "' is not a PostgreSQL JDBC URL; give jdbc:postgresql://HOST:PORT/DATABASE");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(username);
    config.setPassword(password == null ? "" : password);
    config.setPoolName("ficus-evidence");
    config.setMaximumPoolSize(3);
    config.setMinimumIdle(0);
    // Start without the database: it may be down now and come up later.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(1_000);
    config.setValidationTimeout(1_000);
    this.pool = new HikariDataSource(config);
  }

  @Override
  public void migrate() throws EvidenceStoreException {
    if (!migrated) {
      migrateOnce();
    }
  }

  private synchronized void migrateOnce() throws EvidenceStoreException {
    if (migrated) {
      return;
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/evidence/" + vendor)
          .table("ficus_evidence_schema_history")
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
      migrated = true;
    } catch (FlywayException e) {
      throw new EvidenceStoreException(
          "cannot create or migrate the evidence schema in " + describe() + ": " + rootMessage(e),
          e);
    }
  }

  @Override
  public void write(List<Bucket> buckets) throws EvidenceStoreException {
    if (buckets.isEmpty()) {
      return;
    }
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(upsert)) {
        for (Bucket bucket : buckets) {
          bind(statement, bucket);
          statement.addBatch();
        }
        statement.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException | RuntimeException | AssertionError e) {
      // The driver asserts on a connection that died mid-batch (with -ea, as tests run).
      throw new EvidenceStoreException("cannot write to " + describe() + ": " + rootMessage(e), e);
    }
  }

  private static void bind(PreparedStatement statement, Bucket bucket) throws SQLException {
    statement.setString(1, bucket.route());
    statement.setString(2, bucket.replica());
    statement.setString(3, bucket.instance());
    statement.setString(4, bucket.source());
    statement.setLong(5, bucket.start().toEpochMilli());
    statement.setLong(6, bucket.length().toMillis());
    statement.setString(7, bucket.stage());
    if (bucket.share() == null) {
      statement.setNull(8, Types.INTEGER);
    } else {
      statement.setInt(8, bucket.share());
    }
    statement.setString(9, FiguresCodec.json(bucket.figures()));
    statement.setBytes(10, FiguresCodec.histogram(bucket.figures().latency().get("legacy")));
    statement.setBytes(11, FiguresCodec.histogram(bucket.figures().latency().get("new")));
    statement.setLong(
        12, (bucket.writtenAt() == null ? Instant.now() : bucket.writtenAt()).toEpochMilli());
  }

  @Override
  public List<Bucket> read(String route, String source, Instant from, Instant to)
      throws EvidenceStoreException {
    List<Bucket> buckets = new ArrayList<>();
    read(route, source, from, to, buckets::add);
    return buckets;
  }

  @Override
  public void read(
      String route,
      String source,
      Instant from,
      Instant to,
      java.util.function.Consumer<Bucket> each)
      throws EvidenceStoreException {
    migrate();
    stream(
        "SELECT "
            + COLUMNS
            + " FROM evidence_bucket WHERE route = ? AND source = ? AND start_ms + length_ms > ?"
            + " AND start_ms < ? ORDER BY start_ms",
        statement -> {
          statement.setString(1, route);
          statement.setString(2, source);
          statement.setLong(3, from.toEpochMilli());
          statement.setLong(4, to.toEpochMilli());
        },
        each);
  }

  @Override
  public Optional<Instant> stepBegan(String route, String source, String stage, Integer share)
      throws EvidenceStoreException {
    return steps.stepBegan(route, source, stage, share);
  }

  @Override
  public List<Bucket.Span> spans(String route, String source, Instant before)
      throws EvidenceStoreException {
    return steps.spans(route, source, before);
  }

  @Override
  public int compact(String replica, Instant now) throws EvidenceStoreException {
    int merged = 0;
    for (Tier tier : TIERS) {
      long length = tier.length().toMillis();
      long cutoff = now.minus(tier.after()).toEpochMilli();
      // Rows come ordered so that each group's rows are consecutive: a group is merged as soon as
      // it is complete, and only the merged bucket and its members' keys are kept.
      List<Compacted> compacted = new ArrayList<>();
      Grouping grouping = new Grouping(length, tier.length(), now, compacted);
      stream(
          "SELECT "
              + COLUMNS
              + " FROM evidence_bucket WHERE replica = ? AND length_ms <= ? AND start_ms +"
              + " length_ms <= ? ORDER BY route, instance, source, stage, share, start_ms",
          statement -> {
            statement.setString(1, replica);
            statement.setLong(2, length);
            statement.setLong(3, cutoff);
          },
          grouping::add);
      grouping.finish();
      for (Compacted group : compacted) {
        replace(group.members(), group.coarse());
        merged += group.members().size() - 1;
      }
    }
    return merged;
  }

  /** A coarse bucket, and the keys of the buckets it replaces. */
  private record Compacted(Bucket coarse, List<Bucket.Key> members) {}

  /** Merges consecutive buckets of one route, instance, source, step and coarse interval. */
  private static final class Grouping {
    private final long length;
    private final Duration coarse;
    private final Instant now;
    private final List<Compacted> out;
    private List<Object> key;
    private Bucket first;
    private SnapshotSum sum;
    private final List<Bucket.Key> members = new ArrayList<>();
    private Instant written;

    Grouping(long length, Duration coarse, Instant now, List<Compacted> out) {
      this.length = length;
      this.coarse = coarse;
      this.now = now;
      this.out = out;
    }

    void add(Bucket bucket) {
      List<Object> next =
          java.util.Arrays.asList(
              bucket.route(),
              bucket.instance(),
              bucket.source(),
              Math.floorDiv(bucket.start().toEpochMilli(), length),
              bucket.stage(),
              bucket.share());
      if (!next.equals(key)) {
        finish();
        key = next;
        first = bucket;
        sum = new SnapshotSum(MAX_PATHS);
        written = null;
      }
      sum.add(bucket.figures());
      members.add(bucket.key());
      if (bucket.writtenAt() != null && (written == null || bucket.writtenAt().isAfter(written))) {
        written = bucket.writtenAt();
      }
    }

    void finish() {
      if (first != null && !(members.size() == 1 && first.length().toMillis() == length)) {
        out.add(
            new Compacted(
                new Bucket(
                    first.route(),
                    first.replica(),
                    first.instance(),
                    first.source(),
                    first.start(),
                    coarse,
                    first.stage(),
                    first.share(),
                    sum.result(),
                    written == null ? now : written),
                List.copyOf(members)));
      }
      members.clear();
      first = null;
    }
  }

  private void replace(List<Bucket.Key> group, Bucket coarse) throws EvidenceStoreException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM evidence_bucket WHERE route = ? AND replica = ? AND instance = ? AND"
                      + " source = ? AND start_ms = ?");
          PreparedStatement insert = connection.prepareStatement(upsert)) {
        for (Bucket.Key bucket : group) {
          delete.setString(1, bucket.route());
          delete.setString(2, bucket.replica());
          delete.setString(3, bucket.instance());
          delete.setString(4, bucket.source());
          delete.setLong(5, bucket.start().toEpochMilli());
          delete.addBatch();
        }
        delete.executeBatch();
        bind(insert, coarse);
        insert.executeUpdate();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new EvidenceStoreException(
          "cannot compact in " + describe() + ": " + rootMessage(e), e);
    }
  }

  @Override
  public int expire(Instant cutoff) throws EvidenceStoreException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "DELETE FROM evidence_bucket WHERE start_ms + length_ms < ?")) {
      statement.setLong(1, cutoff.toEpochMilli());
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new EvidenceStoreException("cannot expire in " + describe() + ": " + rootMessage(e), e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private void stream(String sql, Binder binder, java.util.function.Consumer<Bucket> each)
      throws EvidenceStoreException {
    try (Connection connection = pool.getConnection()) {
      // PostgreSQL streams rows only inside a transaction with a fetch size.
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setFetchSize(200);
        binder.bind(statement);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            int share = rows.getInt(8);
            Integer shareOrNull = rows.wasNull() ? null : share;
            each.accept(
                new Bucket(
                    rows.getString(1),
                    rows.getString(2),
                    rows.getString(3),
                    rows.getString(4),
                    Instant.ofEpochMilli(rows.getLong(5)),
                    Duration.ofMillis(rows.getLong(6)),
                    rows.getString(7),
                    shareOrNull,
                    FiguresCodec.figures(rows.getString(9), rows.getBytes(10), rows.getBytes(11)),
                    Instant.ofEpochMilli(rows.getLong(12))));
          }
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException | RuntimeException e) {
      throw failure("read", e);
    }
  }

  // The autopilot's shared state lives beside the buckets, in the same database.

  @Override
  public boolean lease(String route, String holder, Instant now, Duration ttl)
      throws EvidenceStoreException {
    return autopilot.lease(route, holder, now, ttl);
  }

  @Override
  public void release(String route, String holder) throws EvidenceStoreException {
    autopilot.release(route, holder);
  }

  @Override
  public void stop(String route, String stopped, String why, Instant at)
      throws EvidenceStoreException {
    autopilot.stop(route, stopped, why, at);
  }

  @Override
  public Pilot pilot(String route) throws EvidenceStoreException {
    return autopilot.pilot(route);
  }

  @Override
  public void recordStep(String route, Step step) throws EvidenceStoreException {
    autopilot.recordStep(route, step);
  }

  @Override
  public List<Step> steps(String route, int limit) throws EvidenceStoreException {
    return autopilot.steps(route, limit);
  }

  /** A connection to the store, migrated first. */
  Connection connection() throws EvidenceStoreException, SQLException {
    migrate();
    return pool.getConnection();
  }

  /** The store could not be read or written ({@code doing}: "read", "write"). */
  EvidenceStoreException failure(String doing, Exception e) {
    return new EvidenceStoreException(
        "cannot " + doing + " " + describe() + ": " + rootMessage(e), e);
  }

  @Override
  public String describe() {
    return describe(url);
  }

  /** The URL without anything that may be a credential (user, password parameters). */
  static String describe(String url) {
    int parameters = url.indexOf('?');
    String base = parameters < 0 ? url : url.substring(0, parameters);
    return base.replaceAll("//[^/@]*@", "//").replaceAll(";.*$", "");
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == error
        ? String.valueOf(error.getMessage())
        : error.getMessage() + " (" + root.getMessage() + ")";
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "JdbcEvidenceStore[" + describe() + "]";
  }
}
