// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.StoredReport;
import org.dmarcpilot.report.aggregate.AggregateReport;

/**
 * A {@link ReportFeed} over the store: the reports of a policy domain whose period overlaps the
 * asked one, oldest first, each rebuilt whole by the store. Iterating lists the matching report ids
 * once, then reads the reports in batches ({@link ReportStore#findReports}: a few set-based queries
 * per batch, at most {@link #BATCH_REPORTS} reports and about {@link #BATCH_RECORDS} records each),
 * so only one batch is held at a time and no query runs per report.
 */
public final class StoreReportFeed implements ReportFeed {
  /** At most this many reports are read and held at once. */
  public static final int BATCH_REPORTS = 2_000;

  /** At most this many records are read at once (a larger report is a batch alone). */
  public static final int BATCH_RECORDS = 20_000;

  private static final String OF_PERIOD = "policy_domain = ? AND date_end >= ? AND date_begin < ?";

  private final ReportStore store;
  private final int batchReports;
  private final int batchRecords;

  /** A feed from the given store. */
  public StoreReportFeed(ReportStore store) {
    this(store, BATCH_REPORTS, BATCH_RECORDS);
  }

  /** A feed with other batch bounds (tests). */
  StoreReportFeed(ReportStore store, int batchReports, int batchRecords) {
    this.store = Objects.requireNonNull(store, "store");
    if (batchReports < 1 || batchRecords < 1) {
      throw new IllegalArgumentException("batch bounds must be positive");
    }
    this.batchReports = batchReports;
    this.batchRecords = batchRecords;
  }

  @Override
  public Iterable<AggregateReport> reports(String domain, Instant from, Instant to) {
    String d = domain.toLowerCase(Locale.ROOT);
    return () -> new Batches(d, from, to);
  }

  @Override
  public Set<InetAddress> sourceIps(String domain, Instant from, Instant to) {
    String d = domain.toLowerCase(Locale.ROOT);
    return store.read(
        c -> {
          Set<InetAddress> ips = new LinkedHashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT DISTINCT source_ip FROM aggregate_record WHERE policy_domain = ?"
                      + " AND report_pk IN (SELECT id FROM aggregate_report WHERE "
                      + OF_PERIOD
                      + ")")) {
            ps.setString(1, d);
            ps.setString(2, d);
            ps.setObject(3, utc(from));
            ps.setObject(4, utc(to));
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ips.add(InetAddresses.forString(rs.getString(1)));
              }
            }
          }
          return ips;
        });
  }

  private static LocalDateTime utc(Instant t) {
    return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** The ids (and record counts) of the matching reports in period order; read once. */
  private record Ids(long[] ids, int[] records) {}

  private Ids ids(String domain, Instant from, Instant to) {
    return store.read(
        c -> {
          long[] ids = new long[1024];
          int[] records = new int[1024];
          int n = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, record_count FROM aggregate_report WHERE "
                      + OF_PERIOD
                      + " ORDER BY date_begin, id")) {
            ps.setString(1, domain);
            ps.setObject(2, utc(from));
            ps.setObject(3, utc(to));
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (n == ids.length) {
                  ids = Arrays.copyOf(ids, n * 2);
                  records = Arrays.copyOf(records, n * 2);
                }
                ids[n] = rs.getLong(1);
                records[n] = rs.getInt(2);
                n++;
              }
            }
          }
          return new Ids(Arrays.copyOf(ids, n), Arrays.copyOf(records, n));
        });
  }

  /** Reads the reports batch by batch as they are taken. */
  private final class Batches implements Iterator<AggregateReport> {
    private final String domain;
    private final Instant from;
    private final Instant to;
    private Ids ids;
    private int next;
    private final Deque<AggregateReport> batch = new ArrayDeque<>();

    Batches(String domain, Instant from, Instant to) {
      this.domain = domain;
      this.from = from;
      this.to = to;
    }

    @Override
    public boolean hasNext() {
      if (ids == null) {
        ids = ids(domain, from, to);
      }
      while (batch.isEmpty() && next < ids.ids().length) {
        int end = next;
        long records = 0;
        while (end < ids.ids().length
            && end - next < batchReports
            && (end == next || records + ids.records()[end] <= batchRecords)) {
          records += ids.records()[end];
          end++;
        }
        List<Long> keys = new ArrayList<>(end - next);
        for (int i = next; i < end; i++) {
          keys.add(ids.ids()[i]);
        }
        next = end;
        for (StoredReport r : store.findReports(keys)) {
          batch.add(r.report());
        }
      }
      return !batch.isEmpty();
    }

    @Override
    public AggregateReport next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.poll();
    }
  }
}
