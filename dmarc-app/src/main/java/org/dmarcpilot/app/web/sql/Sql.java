// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

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

  static LocalDateTime utc(Instant i) {
    return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
  }

  static LocalDate date(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, LocalDate.class);
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
