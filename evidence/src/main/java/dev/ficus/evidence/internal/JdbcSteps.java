package dev.ficus.evidence.internal;

import dev.ficus.evidence.Bucket;
import dev.ficus.evidence.EvidenceStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a route's steps (its stages and shares) begin and end, read from the buckets' columns only,
 * never their figures.
 */
final class JdbcSteps {

  /** At most this many spans are read back: far more than the retention keeps of one route. */
  static final int MAX_SPANS = 20_000;

  private final JdbcEvidenceStore store;

  JdbcSteps(JdbcEvidenceStore store) {
    this.store = store;
  }

  Optional<Instant> stepBegan(String route, String source, String stage, Integer share)
      throws EvidenceStoreException {
    try (Connection connection = store.connection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT MAX(start_ms + length_ms) FROM evidence_bucket WHERE route = ? AND"
                    + " source = ? AND (stage <> ? OR share IS DISTINCT FROM ?)")) {
      statement.setString(1, route);
      statement.setString(2, source);
      statement.setString(3, stage);
      if (share == null) {
        statement.setNull(4, Types.INTEGER);
      } else {
        statement.setInt(4, share);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        long end = rows.getLong(1);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(end));
      }
    } catch (SQLException e) {
      throw store.failure("read", e);
    }
  }

  List<Bucket.Span> spans(String route, String source, Instant before)
      throws EvidenceStoreException {
    try (Connection connection = store.connection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT stage, share, start_ms, start_ms + length_ms AS end_ms FROM"
                    + " evidence_bucket WHERE route = ? AND source = ? AND start_ms + length_ms"
                    + " <= ? ORDER BY end_ms DESC LIMIT "
                    + MAX_SPANS)) {
      statement.setString(1, route);
      statement.setString(2, source);
      statement.setLong(3, before.toEpochMilli());
      List<Bucket.Span> spans = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          int share = rows.getInt(2);
          Integer shareOrNull = rows.wasNull() ? null : share;
          spans.add(
              new Bucket.Span(
                  rows.getString(1),
                  shareOrNull,
                  Instant.ofEpochMilli(rows.getLong(3)),
                  Instant.ofEpochMilli(rows.getLong(4))));
        }
      }
      return spans;
    } catch (SQLException e) {
      throw store.failure("read", e);
    }
  }
}
