// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.store.ReportStore;
import org.jspecify.annotations.Nullable;

/**
 * The enrichment cache in the store's {@code ip_facts} table (migration V50): one row per address
 * (in the canonical text the store writes source addresses in, RFC 5952 for IPv6), replaced on each
 * lookup, read while {@code expires_at} is in the future. Lookups and writes go in chunks of
 * {@value #CHUNK} addresses (inserts as multi-row statements of {@value #INSERT_ROWS} rows).
 */
public final class StoreIpFactsCache implements IpFactsCache {
  static final int CHUNK = 500;

  /** Rows per INSERT statement. */
  static final int INSERT_ROWS = 100;

  private final ReportStore store;

  /** A cache in the given store. */
  public StoreIpFactsCache(ReportStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Map<InetAddress, IpFacts> find(Collection<InetAddress> addresses, Instant now) {
    List<InetAddress> all = new ArrayList<>(addresses);
    Map<InetAddress, IpFacts> out = new HashMap<>();
    LocalDateTime at = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<InetAddress> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      String sql =
          "SELECT ip, reverse_dns, ptr, base_domain, forward_confirmed, asn, as_organization,"
              + " country FROM ip_facts WHERE expires_at > ? AND ip IN ("
              + "?,".repeat(chunk.size() - 1)
              + "?)";
      store.read(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              ps.setObject(1, at);
              for (int i = 0; i < chunk.size(); i++) {
                ps.setString(i + 2, InetAddresses.toAddrString(chunk.get(i)));
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  IpFacts f = row(rs);
                  if (f != null) {
                    out.put(f.ip(), f);
                  }
                }
              }
            }
            return null;
          });
    }
    return out;
  }

  @Override
  public void put(Collection<IpFacts> facts, Instant expires) {
    List<IpFacts> all = new ArrayList<>(facts);
    if (all.isEmpty()) {
      return;
    }
    LocalDateTime until = LocalDateTime.ofInstant(expires, ZoneOffset.UTC);
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    store.write(
        c -> {
          for (int from = 0; from < all.size(); from += CHUNK) {
            List<IpFacts> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement del =
                c.prepareStatement(
                    "DELETE FROM ip_facts WHERE ip IN (" + "?,".repeat(chunk.size() - 1) + "?)")) {
              for (int i = 0; i < chunk.size(); i++) {
                del.setString(i + 1, InetAddresses.toAddrString(chunk.get(i).ip()));
              }
              del.executeUpdate();
            }
          }
          // multi-row INSERTs of INSERT_ROWS rows, one statement reused: a JDBC batch of
          // single-row inserts costs about a millisecond per row in DuckDB, and so does parsing a
          // statement of hundreds of rows for every chunk
          PreparedStatement full = null;
          try {
            for (int from = 0; from < all.size(); from += INSERT_ROWS) {
              List<IpFacts> rows = all.subList(from, Math.min(all.size(), from + INSERT_ROWS));
              if (rows.size() == INSERT_ROWS) {
                if (full == null) {
                  full = c.prepareStatement(insert(INSERT_ROWS));
                }
                bind(full, rows, now, until);
                full.executeUpdate();
              } else {
                try (PreparedStatement tail = c.prepareStatement(insert(rows.size()))) {
                  bind(tail, rows, now, until);
                  tail.executeUpdate();
                }
              }
            }
          } finally {
            if (full != null) {
              full.close();
            }
          }
          return null;
        });
  }

  /**
   * The facts, expired or not (stale facts are better than none while enrichment catches up), of
   * every address that sent mail as {@code domain} in reports beginning on a day of {@code [from,
   * to]}: one query.
   */
  public Map<InetAddress, IpFacts> ofDomain(String domain, LocalDate from, LocalDate to) {
    return store.read(
        c -> {
          Map<InetAddress, IpFacts> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT ip, reverse_dns, ptr, base_domain, forward_confirmed, asn,"
                      + " as_organization, country FROM ip_facts WHERE ip IN (SELECT DISTINCT"
                      + " source_ip FROM aggregate_record WHERE policy_domain = ?"
                      + " AND report_day >= ? AND report_day <= ?)")) {
            ps.setString(1, domain);
            ps.setObject(2, from);
            ps.setObject(3, to);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                IpFacts f = row(rs);
                if (f != null) {
                  out.put(f.ip(), f);
                }
              }
            }
          }
          return out;
        });
  }

  /**
   * Source addresses of records received since {@code since} (ingest time of their report) that
   * have no facts at all or only expired ones at {@code now}, at most {@code limit}: what
   * background enrichment should look up next. The addresses that sent the most mail in those
   * records come first, so a capped run names the sources that matter most; equal ones in the order
   * of their text. Addresses that are not IP literals are skipped.
   */
  public List<InetAddress> needingLookup(Instant since, Instant now, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit < 1: " + limit);
    }
    return store.read(
        c -> {
          List<InetAddress> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT r.source_ip FROM aggregate_record r"
                      + " WHERE r.report_pk IN (SELECT id FROM aggregate_report"
                      + " WHERE ingested_at >= ?)"
                      + " AND NOT EXISTS (SELECT 1 FROM ip_facts f"
                      + " WHERE f.ip = r.source_ip AND f.expires_at > ?)"
                      + " GROUP BY r.source_ip"
                      + " ORDER BY SUM(r.message_count) DESC, r.source_ip LIMIT ?")) {
            ps.setObject(1, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
            ps.setObject(2, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String ip = rs.getString(1);
                if (ip != null && InetAddresses.isInetAddress(ip)) {
                  out.add(InetAddresses.forString(ip));
                }
              }
            }
          }
          return out;
        });
  }

  private static String insert(int rows) {
    return "INSERT INTO ip_facts (ip, reverse_dns, ptr, base_domain, forward_confirmed, asn,"
        + " as_organization, country, looked_up_at, expires_at) VALUES "
        + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  }

  private static void bind(
      PreparedStatement ins, List<IpFacts> rows, LocalDateTime now, LocalDateTime until)
      throws SQLException {
    int i = 0;
    for (IpFacts f : rows) {
      ins.setString(++i, InetAddresses.toAddrString(f.ip()));
      ins.setString(++i, f.reverseDns().name());
      ins.setString(++i, f.ptr());
      ins.setString(++i, f.baseDomain());
      ins.setBoolean(++i, f.forwardConfirmed());
      if (f.asn() == null) {
        ins.setNull(++i, Types.BIGINT);
      } else {
        ins.setLong(++i, f.asn());
      }
      ins.setString(++i, f.asOrganization());
      ins.setString(++i, f.country());
      ins.setObject(++i, now);
      ins.setObject(++i, until);
    }
  }

  private static @Nullable IpFacts row(ResultSet rs) throws SQLException {
    String ip = rs.getString(1);
    if (ip == null || !InetAddresses.isInetAddress(ip)) {
      return null;
    }
    ReverseDnsStatus status;
    try {
      status = ReverseDnsStatus.valueOf(rs.getString(2));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
    long asn = rs.getLong(6);
    Long asnValue = rs.wasNull() ? null : asn;
    return new IpFacts(
        InetAddresses.forString(ip),
        status,
        rs.getString(3),
        rs.getString(4),
        rs.getBoolean(5),
        asnValue,
        rs.getString(7),
        rs.getString(8));
  }
}
