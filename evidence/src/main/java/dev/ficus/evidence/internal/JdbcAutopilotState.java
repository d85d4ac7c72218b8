package dev.ficus.evidence.internal;

import dev.ficus.evidence.AutopilotStore;
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

/**
 * The autopilot's shared state in the evidence store's database (tables {@code autopilot_route} and
 * {@code autopilot_step}, migration V2): the lease of each route, whether it is stopped, its steps.
 */
final class JdbcAutopilotState {

  private final JdbcEvidenceStore store;

  JdbcAutopilotState(JdbcEvidenceStore store) {
    this.store = store;
  }

  boolean lease(String route, String holder, Instant now, Duration ttl)
      throws EvidenceStoreException {
    long until = now.plus(ttl).toEpochMilli();
    try (Connection connection = store.connection()) {
      try (PreparedStatement renew =
          connection.prepareStatement(
              "UPDATE autopilot_route SET holder = ?, until_ms = ? WHERE route = ? AND (holder = ?"
                  + " OR holder IS NULL OR until_ms < ?)")) {
        renew.setString(1, holder);
        renew.setLong(2, until);
        renew.setString(3, route);
        renew.setString(4, holder);
        renew.setLong(5, now.toEpochMilli());
        if (renew.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement take =
          connection.prepareStatement(
              "INSERT INTO autopilot_route (route, holder, until_ms) VALUES (?, ?, ?)")) {
        take.setString(1, route);
        take.setString(2, holder);
        take.setLong(3, until);
        take.executeUpdate();
        return true;
      } catch (SQLException held) {
        // The row exists: another replica holds a lease that has not run out.
        return false;
      }
    } catch (SQLException e) {
      throw store.failure("write", e);
    }
  }

  void release(String route, String holder) throws EvidenceStoreException {
    update(
        "UPDATE autopilot_route SET holder = NULL, until_ms = 0 WHERE route = ? AND holder = ?",
        route,
        holder);
  }

  void stop(String route, String stopped, String why, Instant at) throws EvidenceStoreException {
    try (Connection connection = store.connection()) {
      try (PreparedStatement create =
          connection.prepareStatement(
              "INSERT INTO autopilot_route (route, until_ms) SELECT ?, 0 WHERE NOT EXISTS (SELECT 1"
                  + " FROM autopilot_route WHERE route = ?)")) {
        create.setString(1, route);
        create.setString(2, route);
        create.executeUpdate();
      } catch (SQLException raced) {
        // created by another replica meanwhile
      }
      try (PreparedStatement set =
          connection.prepareStatement(
              "UPDATE autopilot_route SET stopped = ?, stopped_why = ?, stopped_at_ms = ? WHERE"
                  + " route = ?")) {
        set.setString(1, stopped);
        set.setString(2, stopped == null ? null : why);
        if (stopped == null) {
          set.setNull(3, Types.BIGINT);
        } else {
          set.setLong(3, at.toEpochMilli());
        }
        set.setString(4, route);
        set.executeUpdate();
      }
    } catch (SQLException e) {
      throw store.failure("write", e);
    }
  }

  AutopilotStore.Pilot pilot(String route) throws EvidenceStoreException {
    try (Connection connection = store.connection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT holder, until_ms, stopped, stopped_why, stopped_at_ms FROM autopilot_route"
                    + " WHERE route = ?")) {
      statement.setString(1, route);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return AutopilotStore.Pilot.NONE;
        }
        long stoppedAt = rows.getLong(5);
        boolean noStop = rows.wasNull();
        return new AutopilotStore.Pilot(
            rows.getString(1),
            Instant.ofEpochMilli(rows.getLong(2)),
            rows.getString(3),
            rows.getString(4),
            noStop ? null : Instant.ofEpochMilli(stoppedAt));
      }
    } catch (SQLException e) {
      throw store.failure("read", e);
    }
  }

  void recordStep(String route, AutopilotStore.Step step) throws EvidenceStoreException {
    try (Connection connection = store.connection();
        PreparedStatement statement =
            connection.prepareStatement(
                "INSERT INTO autopilot_step (route, at_ms, action, from_step, to_step, reason,"
                    + " by_replica) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, route);
      statement.setLong(2, step.at().toEpochMilli());
      statement.setString(3, step.action());
      statement.setString(4, step.from());
      statement.setString(5, step.to());
      statement.setString(6, cut(step.reason()));
      statement.setString(7, step.by());
      statement.executeUpdate();
    } catch (SQLException e) {
      throw store.failure("write", e);
    }
  }

  List<AutopilotStore.Step> steps(String route, int limit) throws EvidenceStoreException {
    try (Connection connection = store.connection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT at_ms, action, from_step, to_step, reason, by_replica FROM autopilot_step"
                    + " WHERE route = ? ORDER BY at_ms DESC, id DESC LIMIT ?")) {
      statement.setString(1, route);
      statement.setInt(2, limit);
      List<AutopilotStore.Step> steps = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          steps.add(
              new AutopilotStore.Step(
                  Instant.ofEpochMilli(rows.getLong(1)),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6)));
        }
      }
      java.util.Collections.reverse(steps);
      return steps;
    } catch (SQLException e) {
      throw store.failure("read", e);
    }
  }

  private void update(String sql, String... values) throws EvidenceStoreException {
    try (Connection connection = store.connection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setString(i + 1, values[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw store.failure("write", e);
    }
  }

  private static String cut(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
  }
}
