// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Small JDBC helpers: binding, UTC times, IN lists, and a WHERE clause builder. */
final class Sql {
  private Sql() {}

  static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }

  /** The one number {@code select} (a query without its WHERE) gives under {@code where}. */
  static long number(Connection c, String select, Where where) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(select + where.sql())) {
      bind(ps, where.args());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static LocalDateTime utc(Instant i) {
    return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
  }

  static LocalDate date(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, LocalDate.class);
  }

  /**
   * "{@code column BETWEEN ? AND ? AND column IN (?, ...)}": the bounds let the engine skip whole
   * blocks of rows by their min/max (rows are appended in id order), which an IN list alone does
   * not. Binds with {@link #bindIds}.
   */
  static String idsIn(String column, int n) {
    return column + " BETWEEN ? AND ? AND " + column + " IN " + in(n);
  }

  /** Binds the bounds and the ids of {@link #idsIn} from parameter {@code first} on. */
  static int bindIds(PreparedStatement ps, int first, List<Long> ids) throws SQLException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long id : ids) {
      min = Math.min(min, id);
      max = Math.max(max, id);
    }
    int p = first;
    ps.setLong(p++, min);
    ps.setLong(p++, max);
    for (long id : ids) {
      ps.setLong(p++, id);
    }
    return p;
  }

  /** "(?, ?, ?)" for n values. */
  static String in(int n) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < n; i++) {
      j.add("?");
    }
    return j.toString();
  }

  /** Conditions joined by AND, with their arguments in order. */
  static final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    Where add(String condition, Object... values) {
      conditions.add(condition);
      args.addAll(List.of(values));
      return this;
    }

    String sql() {
      return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    List<Object> args() {
      return args;
    }
  }
}
