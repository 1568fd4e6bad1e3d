// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The DKIM selectors a domain's reports show it signing with ({@code d=} the domain itself), most
 * used first, from the reports of the last {@link #WINDOW}; at most {@value #MAX} of them, and only
 * those that are valid DNS labels (the values come from reports, that is from anyone).
 *
 * <p>Selectors are DNS labels, so the spellings of one ({@code S1}, {@code s1}) count together;
 * equal counts are ordered by name, byte by byte. Both are done here, not in SQL: PostgreSQL orders
 * text by the database's collation (en_US puts {@code k_1} before {@code k1}), DuckDB byte by byte.
 */
public final class SqlDkimSelectors implements Function<String, List<String>> {
  /** How far back reports are read. */
  public static final Duration WINDOW = Duration.ofDays(30);

  /** Selectors given at most. */
  public static final int MAX = 8;

  /** Spellings read at most, the most used first (equal counts at the cut in any order). */
  static final int SPELLINGS = 1000;

  private static final String SQL =
      "SELECT k.selector, count(*) AS n FROM aggregate_record_dkim k"
          + " WHERE k.report_pk IN"
          + " (SELECT id FROM aggregate_report WHERE policy_domain = ? AND date_begin >= ?)"
          + " AND lower(k.domain) = ? AND k.selector IS NOT NULL"
          + " GROUP BY k.selector ORDER BY n DESC LIMIT "
          + SPELLINGS;

  private static final Comparator<Map.Entry<String, Long>> MOST_USED =
      Map.Entry.<String, Long>comparingByValue()
          .reversed()
          .thenComparing(Map.Entry.comparingByKey());

  private final SqlReader sql;
  private final Clock clock;

  /** Selectors read by the given reader. */
  public SqlDkimSelectors(SqlReader sql, Clock clock) {
    this.sql = Objects.requireNonNull(sql, "sql");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<String> apply(String domain) {
    Instant since = clock.instant().minus(WINDOW);
    Map<String, Long> counts =
        sql.read(
            c -> {
              Map<String, Long> n = new HashMap<>();
              try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setString(1, domain);
                ps.setObject(2, Sql.utc(since));
                ps.setString(3, domain.toLowerCase(Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    String s = rs.getString(1).strip().toLowerCase(Locale.ROOT);
                    if (isSelector(s)) {
                      n.merge(s, rs.getLong(2), Long::sum);
                    }
                  }
                }
              }
              return n;
            });
    return counts.entrySet().stream().sorted(MOST_USED).limit(MAX).map(Map.Entry::getKey).toList();
  }

  /** Whether a value can be a selector: dot-separated labels of letters, digits, '-' and '_'. */
  static boolean isSelector(String s) {
    if (s.isEmpty() || s.length() > 128 || s.startsWith(".") || s.endsWith(".")) {
      return false;
    }
    int label = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '.') {
        if (label == 0) {
          return false;
        }
        label = 0;
      } else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_') {
        if (++label > 63) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }
}
