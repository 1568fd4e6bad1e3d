// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both engines share: the write path of a batch (ids from the sequence, report rows with
 * {@code ON CONFLICT DO NOTHING RETURNING id}, child rows in bulk), the failure log and the reads.
 * The engines supply connections, transactions and the bulk writer.
 */
abstract class JdbcReportStore implements ReportStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcReportStore.class);

  /** Attempts for a batch that hit a deadlock or serialization failure (PostgreSQL). */
  static final int MAX_ATTEMPTS = 8;

  private final Clock clock;
  protected final String description;

  JdbcReportStore(Clock clock, String description) {
    this.clock = clock;
    this.description = description;
  }

  /** Runs work in a write transaction: commit on return, rollback on exception. */
  abstract <T> T inWriteTransaction(SqlWork<T> work) throws SQLException;

  /** Runs work on a read connection. */
  abstract <T> T onReadConnection(SqlWork<T> work) throws SQLException;

  /** A bulk writer for child rows on the write connection. */
  abstract BulkWriter bulkWriter(Connection c) throws SQLException;

  /** Whether a failed transaction may succeed when run again (deadlock, serialization). */
  abstract boolean retryable(SQLException e);

  /**
   * Whether set-based inserts go in key order, so that concurrent writers lock unique keys in the
   * same order and do not deadlock (PostgreSQL). A single-writer engine skips the sort.
   */
  abstract boolean lockInKeyOrder();

  /** The staging tables' definitions (temporary, per connection). */
  static final List<String> STAGING_DDL =
      List.of(
          "CREATE TEMP TABLE IF NOT EXISTS aggregate_report_stage AS"
              + " SELECT * FROM aggregate_report WHERE 1 = 0",
          "CREATE TEMP TABLE IF NOT EXISTS ingested_input_stage AS"
              + " SELECT * FROM ingested_input WHERE 1 = 0",
          "CREATE TEMP TABLE IF NOT EXISTS ingest_failure_stage AS"
              + " SELECT * FROM ingest_failure WHERE 1 = 0",
          "CREATE TEMP TABLE IF NOT EXISTS ingest_failure_part_stage AS"
              + " SELECT * FROM ingest_failure_part WHERE 1 = 0");

  /** Creates the connection's staging tables unless it has them. */
  void ensureStaging(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String ddl : STAGING_DDL) {
        st.execute(ddl);
      }
    }
  }

  @Override
  public List<StoreResult> storeAll(List<IncomingReport> reports) {
    return storeBatch(new StoreBatch(reports, List.of(), List.of())).results();
  }

  @Override
  public StoreBatch.Result storeBatch(StoreBatch batch) {
    List<IncomingReport> reports = batch.reports();
    int n = reports.size();
    if (n == 0 && batch.failures().isEmpty() && batch.inputs().isEmpty()) {
      return new StoreBatch.Result(List.of(), 0);
    }
    DedupKey[] keys = new DedupKey[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      keys[i] = reports.get(i).key();
      order[i] = i;
    }
    // a fixed order over the unique index: concurrent writers lock keys in the same order
    Arrays.sort(order, Comparator.comparing(i -> keys[i]));
    boolean[] inBatchDuplicate = new boolean[n];
    List<Integer> unique = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      if (k > 0 && keys[order[k - 1]].equals(keys[i])) {
        inBatchDuplicate[i] = true;
      } else {
        unique.add(i);
      }
    }
    long[] pks = new long[n];
    for (int attempt = 1; ; attempt++) {
      try {
        int[] newFailures = new int[1];
        Set<Long> inserted =
            inWriteTransaction(
                c -> {
                  Set<Long> ins = writeBatch(c, reports, unique, pks);
                  newFailures[0] = insertFailures(c, batch.failures());
                  insertInputs(c, batch.inputs());
                  return ins;
                });
        List<StoreResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          boolean stored = !inBatchDuplicate[i] && inserted.contains(pks[i]);
          results.add(
              new StoreResult(
                  stored ? StoreResult.Outcome.STORED : StoreResult.Outcome.DUPLICATE,
                  stored ? pks[i] : 0,
                  keys[i]));
        }
        return new StoreBatch.Result(results, newFailures[0]);
      } catch (SQLException e) {
        if (attempt < MAX_ATTEMPTS && retryable(e)) {
          LOG.debug("batch of {} reports hit {}, attempt {}", n, e.getSQLState(), attempt);
          continue;
        }
        throw new StoreException(
            "cannot store a batch of " + n + " reports in " + description + ": " + e.getMessage(),
            e);
      }
    }
  }

  private Set<Long> writeBatch(
      Connection c, List<IncomingReport> reports, List<Integer> unique, long[] pks)
      throws SQLException {
    if (unique.isEmpty()) {
      return Set.of();
    }
    long[] ids = allocateIds(c, "aggregate_report_seq", unique.size());
    for (int k = 0; k < unique.size(); k++) {
      pks[unique.get(k)] = ids[k];
    }
    LocalDateTime now = ReportRows.utc(clock.instant());
    // stage the report rows in bulk, then one set-based insert that the unique key deduplicates
    ensureStaging(c);
    try (BulkWriter w = bulkWriter(c)) {
      for (int i : unique) {
        w.row(ChildTable.STAGE, ReportRows.reportValues(pks[i], reports.get(i), now));
      }
      w.finish();
    }
    Set<Long> inserted = new HashSet<>();
    String cols = String.join(", ", ReportRows.REPORT_COLUMNS);
    try (Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "INSERT INTO aggregate_report ("
                  + cols
                  + ") SELECT "
                  + cols
                  + " FROM aggregate_report_stage"
                  + (lockInKeyOrder()
                      ? " ORDER BY org_name, report_id, policy_domain, date_begin, date_end"
                      : "")
                  + " ON CONFLICT (org_name, report_id, policy_domain, date_begin, date_end)"
                  + " DO NOTHING RETURNING id")) {
        while (rs.next()) {
          inserted.add(rs.getLong(1));
        }
      }
      st.execute("DELETE FROM aggregate_report_stage");
    }
    if (!inserted.isEmpty()) {
      try (BulkWriter w = bulkWriter(c)) {
        for (int i : unique) {
          if (inserted.contains(pks[i])) {
            ReportRows.writeChildren(w, pks[i], reports.get(i).report());
            ReportRows.writeOriginal(w, pks[i], reports.get(i).original());
          }
        }
        w.finish();
      }
    }
    return inserted;
  }

  static long[] allocateIds(Connection c, String sequence, int count) throws SQLException {
    long[] ids = new long[count];
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT nextval('" + sequence + "') FROM generate_series(1, " + count + ")")) {
      try (ResultSet rs = ps.executeQuery()) {
        for (int i = 0; i < count; i++) {
          if (!rs.next()) {
            throw new SQLException("sequence " + sequence + " returned fewer than " + count);
          }
          ids[i] = rs.getLong(1);
        }
      }
    }
    return ids;
  }

  @Override
  public boolean logFailure(IngestFailure f) {
    return storeBatch(new StoreBatch(List.of(), List.of(f), List.of())).newFailures() == 1;
  }

  /**
   * Inserts failures: staged in bulk, then one insert that skips bytes already logged (earlier, or
   * twice in the list). One statement, not one per failure: DuckDB took about 120 KB of index
   * memory for each single-row {@code ON CONFLICT} insert within a transaction, so a batch of a few
   * thousand failures (a folder of junk) ran out of memory.
   *
   * @return how many were new
   */
  private int insertFailures(Connection c, List<IngestFailure> failures) throws SQLException {
    if (failures.isEmpty()) {
      return 0;
    }
    long[] ids = allocateIds(c, "ingest_failure_seq", failures.size());
    LocalDateTime now = ReportRows.utc(clock.instant());
    ensureStaging(c);
    Set<String> seen = new HashSet<>();
    try (BulkWriter w = bulkWriter(c)) {
      for (int i = 0; i < failures.size(); i++) {
        IngestFailure f = failures.get(i);
        if (seen.add(f.contentSha256())) {
          Provenance s = f.source();
          w.row(
              ChildTable.FAILURE_STAGE,
              ids[i],
              now,
              f.reason(),
              f.contentSha256(),
              f.originalSize(),
              BlobParts.head(f.original()),
              f.truncated(),
              s.kind().name(),
              s.path(),
              s.mailbox(),
              s.messageId(),
              s.part());
          BlobParts.writeTail(w, ChildTable.FAILURE_PART_STAGE, ids[i], f.original());
        }
      }
      w.finish();
    }
    String cols = String.join(", ", ChildTable.FAILURE_STAGE.columns());
    try (Statement st = c.createStatement()) {
      int added =
          st.executeUpdate(
              "INSERT INTO ingest_failure ("
                  + cols
                  + ") SELECT "
                  + cols
                  + " FROM ingest_failure_stage"
                  + (lockInKeyOrder() ? " ORDER BY content_sha256" : "")
                  + " ON CONFLICT (content_sha256) DO NOTHING");
      // the parts of the failures just inserted (their ids are new), not of those skipped
      st.executeUpdate(
          "INSERT INTO ingest_failure_part (failure_id, seq, bytes)"
              + " SELECT p.failure_id, p.seq, p.bytes FROM ingest_failure_part_stage p"
              + " WHERE EXISTS (SELECT 1 FROM ingest_failure f WHERE f.id = p.failure_id)");
      st.execute("DELETE FROM ingest_failure_stage");
      st.execute("DELETE FROM ingest_failure_part_stage");
      return added;
    }
  }

  /**
   * Marks inputs done: staged in bulk, then one insert that skips inputs already known (the same
   * bytes seen before, in this batch or earlier).
   */
  private void insertInputs(Connection c, List<StoreBatch.InputDone> inputs) throws SQLException {
    if (inputs.isEmpty()) {
      return;
    }
    LocalDateTime now = ReportRows.utc(clock.instant());
    ensureStaging(c);
    Set<String> seen = new HashSet<>();
    try (BulkWriter w = bulkWriter(c)) {
      for (StoreBatch.InputDone in : inputs) {
        if (seen.add(in.contentSha256())) {
          w.row(
              ChildTable.INPUT_STAGE,
              in.contentSha256(),
              in.source().kind().name(),
              in.source().describe(),
              in.reports(),
              in.failures(),
              now);
        }
      }
      w.finish();
    }
    String cols = String.join(", ", ChildTable.INPUT_STAGE.columns());
    try (Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO ingested_input ("
              + cols
              + ") SELECT "
              + cols
              + " FROM ingested_input_stage"
              + (lockInKeyOrder() ? " ORDER BY content_sha256" : "")
              + " ON CONFLICT (content_sha256) DO NOTHING");
      st.execute("DELETE FROM ingested_input_stage");
    }
  }

  @Override
  public List<IngestFailure> failures(int limit) {
    return read(
        c -> {
          List<IngestFailure> out = new ArrayList<>();
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT source_kind, source_path, source_mailbox, source_message_id,"
                      + " source_part, reason, content_sha256, original_size, original, id"
                      + " FROM ingest_failure ORDER BY failed_at DESC, id DESC LIMIT "
                      + Math.max(0, limit))) {
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Provenance s =
                    new Provenance(
                        SourceKind.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5));
                out.add(
                    new IngestFailure(
                        s, rs.getString(6), rs.getString(7), rs.getLong(8), rs.getBytes(9)));
                ids.add(rs.getLong(10));
              }
            }
          }
          for (int i = 0; i < out.size(); i++) { // the parts, once the rows are read
            IngestFailure f = out.get(i);
            byte[] whole = BlobParts.read(c, BlobParts.Table.FAILURES, ids.get(i), f.original());
            if (whole != f.original()) {
              out.set(
                  i,
                  new IngestFailure(
                      f.source(), f.reason(), f.contentSha256(), f.originalSize(), whole));
            }
          }
          return out;
        });
  }

  @Override
  public boolean markInputDone(String contentSha256, Provenance source, int reports, int failures) {
    return write(
        c -> {
          boolean known = isInputDone(c, contentSha256);
          insertInputs(
              c, List.of(new StoreBatch.InputDone(contentSha256, source, reports, failures)));
          return !known;
        });
  }

  private static boolean isInputDone(Connection c, String contentSha256) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM ingested_input WHERE content_sha256 = ?")) {
      ps.setString(1, contentSha256);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public boolean isInputDone(String contentSha256) {
    return read(c -> isInputDone(c, contentSha256));
  }

  @Override
  public StoreTotals totals() {
    return read(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT (SELECT count(*) FROM aggregate_report),"
                          + " (SELECT count(*) FROM aggregate_record),"
                          + " (SELECT CAST(coalesce(sum(message_count), 0) AS BIGINT)"
                          + " FROM aggregate_record),"
                          + " (SELECT count(*) FROM ingest_failure)")) {
            rs.next();
            return new StoreTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
          }
        });
  }

  @Override
  public Optional<StoredReport> findReport(long pk) {
    return read(c -> StoredReportLoader.load(c, "id = ?", pk));
  }

  @Override
  public Optional<StoredReport> findReport(long pk, int firstRow, int maxRows) {
    if (firstRow < 0 || maxRows < 0) {
      throw new IllegalArgumentException("negative slice: " + firstRow + ", " + maxRows);
    }
    return read(c -> StoredReportLoader.loadSlice(c, pk, firstRow, maxRows));
  }

  @Override
  public List<StoredReport> findReports(List<Long> pks) {
    List<Long> keys = List.copyOf(pks);
    return keys.isEmpty() ? List.of() : read(c -> StoredReportLoader.loadAll(c, keys));
  }

  @Override
  public Optional<StoredReport> findReport(DedupKey k) {
    return read(
        c ->
            StoredReportLoader.load(
                c,
                "org_name = ? AND report_id = ? AND policy_domain = ? AND date_begin = ?"
                    + " AND date_end = ?",
                k.orgName(),
                k.reportId(),
                k.policyDomain(),
                ReportRows.utc(k.begin()),
                ReportRows.utc(k.end())));
  }

  @Override
  public Optional<ReportOriginal> findOriginal(long reportPk) {
    return read(c -> ReportOriginal.load(c, reportPk).map(ReportOriginal::expanded));
  }

  @Override
  public long exportRecords(RecordQuery query, Consumer<ExportRow> sink) {
    return RecordExport.run(this::read, query, sink);
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    try {
      return onReadConnection(work);
    } catch (SQLException e) {
      throw new StoreException("cannot read from " + description + ": " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    try {
      return inWriteTransaction(work);
    } catch (SQLException e) {
      throw new StoreException("cannot write to " + description + ": " + e.getMessage(), e);
    }
  }
}
