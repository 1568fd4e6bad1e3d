// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Per domain and day sums of {@code aggregate_record} (messages, DMARC pass, DKIM and SPF aligned)
 * and each domain's latest published {@code p=}, kept in memory so that the overview and domain
 * pages answer without scanning millions of records. It is derived data: {@link #rebuild()}
 * computes it from the records, {@link #refresh()} recomputes only the domain-days of reports
 * stored since the last look (by {@code ingested_at}, with a margin for transactions that commit
 * late), so other processes' ingestion is picked up too.
 */
public final class TrafficRollup {
  /** How far back {@link #refresh()} looks before its last watermark. */
  static final Duration MARGIN = Duration.ofMinutes(10);

  /** Past this many changed domain-days a refresh rebuilds everything instead. */
  static final int MAX_INCREMENTAL_KEYS = 2000;

  private static final String SUMS =
      "SELECT policy_domain, report_day, SUM(message_count),"
          + " SUM(CASE WHEN dkim_aligned = 'pass' OR spf_aligned = 'pass'"
          + " THEN message_count ELSE 0 END),"
          + " SUM(CASE WHEN dkim_aligned = 'pass' THEN message_count ELSE 0 END),"
          + " SUM(CASE WHEN spf_aligned = 'pass' THEN message_count ELSE 0 END)"
          + " FROM aggregate_record";

  /**
   * Each domain's policy in the report that begins last; on a tie, the one that ends last, then the
   * strictest (owners move towards reject), then by reporter and report id: by what the reports
   * say, never by the order in which they were stored.
   */
  private static final String LATEST_POLICY =
      "SELECT policy_domain, policy_p FROM (SELECT policy_domain, policy_p, ROW_NUMBER() OVER"
          + " (PARTITION BY policy_domain ORDER BY date_begin DESC, date_end DESC,"
          + " CASE policy_p WHEN 'reject' THEN 3 WHEN 'quarantine' THEN 2 WHEN 'none' THEN 1"
          + " ELSE 0 END DESC, org_name, report_id) AS rn"
          + " FROM aggregate_report) latest WHERE rn = 1";

  private static final String CHANGED =
      "SELECT DISTINCT policy_domain, CAST(date_begin AS DATE) FROM aggregate_report"
          + " WHERE ingested_at >= ?";

  private static final String NEWEST = "SELECT MAX(ingested_at) FROM aggregate_report";

  private static final String WINDOW =
      "SELECT COUNT(*), SUM(id) FROM aggregate_report WHERE ingested_at >= ?";

  /** An immutable state of the rollup. */
  private record State(
      Map<String, NavigableMap<LocalDate, long[]>> days,
      Map<String, String> policies,
      List<String> domains,
      List<String> reporters,
      @Nullable LocalDateTime watermark,
      Window window) {}

  /**
   * What the reports stored within {@link #MARGIN} before a watermark look like: a later look that
   * finds the same watermark and the same window has nothing new to read, however many domain-days
   * the window holds.
   */
  private record Window(long count, long idSum) {
    static final Window EMPTY = new Window(0, 0);
  }

  private final SqlReader sql;
  private final int maxIncrementalKeys;
  private volatile State state =
      new State(Map.of(), Map.of(), List.of(), List.of(), null, Window.EMPTY);

  /** A rollup over the store; empty until {@link #rebuild()}. */
  public TrafficRollup(SqlReader sql) {
    this(sql, MAX_INCREMENTAL_KEYS);
  }

  /** A rollup that rebuilds past {@code maxIncrementalKeys} changed domain-days (for tests). */
  TrafficRollup(SqlReader sql, int maxIncrementalKeys) {
    this.sql = Objects.requireNonNull(sql, "sql");
    if (maxIncrementalKeys < 1) {
      throw new IllegalArgumentException("maxIncrementalKeys < 1: " + maxIncrementalKeys);
    }
    this.maxIncrementalKeys = maxIncrementalKeys;
  }

  /** Computes everything from the records (one full scan). */
  public synchronized void rebuild() {
    state =
        sql.read(
            c -> {
              LocalDateTime watermark = newest(c);
              Map<String, NavigableMap<LocalDate, long[]>> days = new HashMap<>();
              try (PreparedStatement ps =
                      c.prepareStatement(SUMS + " GROUP BY policy_domain, report_day");
                  ResultSet rs = ps.executeQuery()) {
                read(rs, days);
              }
              return new State(
                  freeze(days),
                  policies(c),
                  distinct(c, "policy_domain"),
                  distinct(c, "org_name"),
                  watermark,
                  window(c, watermark));
            });
  }

  /**
   * Recomputes the domain-days of reports stored since the last look; rebuilds when there is no
   * earlier look or too much changed. A look that finds the same newest report and the same reports
   * within the margin before it reads nothing else.
   *
   * @return whether reports were stored since the last look
   */
  public synchronized boolean refresh() {
    State before = state;
    if (before.watermark() == null) {
      rebuild();
      return state.watermark() != null;
    }
    State after =
        sql.read(
            c -> {
              LocalDateTime watermark = newest(c);
              if (Objects.equals(watermark, before.watermark())
                  && window(c, watermark).equals(before.window())) {
                return before;
              }
              List<Object[]> keys = new ArrayList<>();
              try (PreparedStatement ps = c.prepareStatement(CHANGED)) {
                ps.setObject(1, before.watermark().minus(MARGIN));
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    keys.add(new Object[] {rs.getString(1), Sql.date(rs, 2)});
                  }
                }
              }
              if (keys.isEmpty()) {
                return before;
              }
              if (keys.size() > maxIncrementalKeys) {
                return null;
              }
              Map<String, NavigableMap<LocalDate, long[]>> days = new HashMap<>();
              before.days().forEach((d, m) -> days.put(d, new TreeMap<>(m)));
              try (PreparedStatement ps =
                  c.prepareStatement(
                      SUMS
                          + " WHERE policy_domain = ? AND report_day = ?"
                          + " GROUP BY policy_domain, report_day")) {
                for (Object[] k : keys) {
                  NavigableMap<LocalDate, long[]> m = days.get((String) k[0]);
                  if (m != null) {
                    m.remove((LocalDate) k[1]);
                  }
                  ps.setString(1, (String) k[0]);
                  ps.setObject(2, k[1]);
                  try (ResultSet rs = ps.executeQuery()) {
                    read(rs, days);
                  }
                }
              }
              return new State(
                  freeze(days),
                  policies(c),
                  distinct(c, "policy_domain"),
                  distinct(c, "org_name"),
                  watermark,
                  window(c, watermark));
            });
    if (after == null) {
      rebuild();
      return !same(before, state);
    }
    state = after;
    return after != before && !same(before, after);
  }

  /**
   * Whether two states have the same newest report and the same sums. The margin makes every look
   * read the reports of the last minutes again; without new reports nothing changed, and the
   * callers must not throw their analyses away.
   */
  private static boolean same(State a, State b) {
    if (!Objects.equals(a.watermark(), b.watermark())
        || !a.days().keySet().equals(b.days().keySet())
        || !a.policies().equals(b.policies())
        || !a.domains().equals(b.domains())
        || !a.reporters().equals(b.reporters())) {
      return false;
    }
    for (Map.Entry<String, NavigableMap<LocalDate, long[]>> e : a.days().entrySet()) {
      NavigableMap<LocalDate, long[]> x = e.getValue();
      NavigableMap<LocalDate, long[]> y = b.days().get(e.getKey());
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (Map.Entry<LocalDate, long[]> d : x.entrySet()) {
        if (!Arrays.equals(d.getValue(), y.get(d.getKey()))) {
          return false;
        }
      }
    }
    return true;
  }

  private static Window window(Connection c, @Nullable LocalDateTime watermark)
      throws SQLException {
    if (watermark == null) {
      return Window.EMPTY;
    }
    try (PreparedStatement ps = c.prepareStatement(WINDOW)) {
      ps.setObject(1, watermark.minus(MARGIN));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Window(rs.getLong(1), rs.getLong(2)) : Window.EMPTY;
      }
    }
  }

  private static @Nullable LocalDateTime newest(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(NEWEST);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getObject(1, LocalDateTime.class) : null;
    }
  }

  /**
   * The distinct values of a column, sorted here (byte by byte, as DuckDB does): PostgreSQL's ORDER
   * BY follows the database's collation, which under en_US puts "google.com" before "Yahoo".
   */
  private static List<String> distinct(Connection c, String column) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT DISTINCT " + column + " FROM aggregate_report");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    out.sort(Comparator.naturalOrder());
    return List.copyOf(out);
  }

  private static Map<String, String> policies(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(LATEST_POLICY);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (rs.getString(2) != null) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return Map.copyOf(out);
  }

  private static void read(ResultSet rs, Map<String, NavigableMap<LocalDate, long[]>> days)
      throws SQLException {
    while (rs.next()) {
      days.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
          .put(
              Sql.date(rs, 2),
              new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)});
    }
  }

  private static Map<String, NavigableMap<LocalDate, long[]>> freeze(
      Map<String, NavigableMap<LocalDate, long[]>> days) {
    Map<String, NavigableMap<LocalDate, long[]>> out = new TreeMap<>();
    days.forEach(
        (d, m) -> {
          if (!m.isEmpty()) {
            out.put(d, java.util.Collections.unmodifiableNavigableMap(m));
          }
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The domains with their days (sums: messages, pass, dkim, spf), by name. */
  Map<String, NavigableMap<LocalDate, long[]>> days() {
    return state.days();
  }

  /** Every policy domain with reports, by name. */
  public List<String> domainNames() {
    return state.domains();
  }

  /** Every reporter ({@code org_name}) that sent reports, by name. */
  public List<String> reporters() {
    return state.reporters();
  }

  /** The latest published {@code p=} of a domain, or null. */
  @Nullable String policy(String domain) {
    return state.policies().get(domain);
  }

  /** When the newest report the rollup knows of was stored, or null when it is empty. */
  public @Nullable Instant watermark() {
    LocalDateTime w = state.watermark();
    return w == null ? null : w.toInstant(java.time.ZoneOffset.UTC);
  }
}
