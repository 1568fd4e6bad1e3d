// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Binary COPY against a real PostgreSQL server: every type the store writes goes in through {@link
 * BinaryCopyRows} and comes back equal through plain JDBC reads; the writer on the store's own
 * tables asks their column types and encodes for them.
 */
class PostgresBulkWriterIT {
  private static TestPostgres db;
  private Connection c;

  @BeforeAll
  static void database() {
    db = TestPostgres.create("dmarcpilot_h15_copy");
    // the store's schema, migrated as the application does it
    ReportStores.open(db.config()).close();
  }

  @AfterAll
  static void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void connect() throws SQLException {
    c = DriverManager.getConnection(db.url(), db.user(), db.password());
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TEMP TABLE every_type (id INTEGER, big BIGINT, small INTEGER, t TEXT,"
              + " v VARCHAR(40), d DATE, ts TIMESTAMP, b BOOLEAN, raw BYTEA) ON COMMIT DROP");
    }
  }

  @AfterEach
  void disconnect() throws SQLException {
    c.rollback();
    c.close();
  }

  private static final List<String> COLUMNS =
      List.of("id", "big", "small", "t", "v", "d", "ts", "b", "raw");

  private static final List<CopyType> TYPES =
      List.of(
          CopyType.INT4,
          CopyType.INT8,
          CopyType.INT4,
          CopyType.TEXT,
          CopyType.TEXT,
          CopyType.DATE,
          CopyType.TIMESTAMP,
          CopyType.BOOL,
          CopyType.BYTEA);

  private CopyManager copy() throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  private static byte[] everyByte() {
    byte[] b = new byte[256 * 3];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** The rows of every_type by id, each column as JDBC reads it. */
  private List<@Nullable Object[]> readBack() throws SQLException {
    List<@Nullable Object[]> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM every_type ORDER BY id")) {
      while (rs.next()) {
        out.add(
            new Object[] {
              rs.getObject(1, Integer.class),
              rs.getObject(2, Long.class),
              rs.getObject(3, Integer.class),
              rs.getString(4),
              rs.getString(5),
              rs.getObject(6, LocalDate.class),
              rs.getObject(7, LocalDateTime.class),
              rs.getObject(8, Boolean.class),
              rs.getBytes(9)
            });
      }
    }
    return out;
  }

  @Test
  void everyType_roundTrips() throws SQLException {
    List<Object[]> rows =
        List.of(
            new Object[] {
              1,
              Long.MAX_VALUE,
              Integer.MIN_VALUE,
              "bücher.example",
              "例え.テスト",
              LocalDate.of(2000, 1, 1),
              LocalDateTime.of(2000, 1, 1, 0, 0),
              true,
              everyByte()
            },
            new Object[] {
              2,
              Long.MIN_VALUE,
              Integer.MAX_VALUE,
              "\uD83D\uDCE7 dmarc \uD83D\uDE00",
              "",
              LocalDate.of(1999, 12, 31),
              LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000),
              false,
              new byte[0]
            },
            new Object[] {
              3,
              0L,
              0,
              "tab\tnewline\nreturn\rbackslash\\N end",
              "\\x00",
              LocalDate.of(1970, 1, 1),
              LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_000),
              true,
              new byte[] {'\\', 'N', '\n', '\t', 0}
            },
            new Object[] {
              4,
              -1L,
              -1,
              "x".repeat(100_000),
              "a",
              LocalDate.of(1900, 2, 28),
              LocalDateTime.of(1969, 7, 20, 20, 17, 40),
              false,
              new byte[] {(byte) 0xff}
            },
            new Object[] {
              5,
              42L,
              7,
              "ok",
              "b",
              LocalDate.of(2038, 1, 19),
              LocalDateTime.of(2038, 1, 19, 3, 14, 8, 123_456_000),
              true,
              new byte[] {1}
            },
            new Object[] {
              6,
              1L,
              1,
              "c",
              "c",
              LocalDate.of(2400, 2, 29),
              LocalDateTime.of(1900, 1, 1, 12, 0, 30, 500_000_000),
              false,
              new byte[] {2}
            });
    Object[] nulls = new Object[COLUMNS.size()];
    nulls[0] = 7;
    BinaryCopyRows copyRows = new BinaryCopyRows("every_type", COLUMNS, TYPES);
    for (Object[] r : rows) {
      copyRows.add(r);
    }
    copyRows.add(nulls);

    copyRows.sendTo(copy());

    List<Object[]> back = readBack();
    assertThat(back).hasSize(rows.size() + 1);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(back.get(i)).as("row %d", i + 1).isEqualTo(rows.get(i));
    }
    assertThat(back.get(rows.size()))
        .containsExactly(7, null, null, null, null, null, null, null, null);
    assertThat(copyRows.rows()).isZero(); // sent: the buffer is empty again
  }

  @Test
  void widenedAndNarrowedIntegers_storedAsTheColumnsType() throws SQLException {
    BinaryCopyRows rows = new BinaryCopyRows("every_type", COLUMNS, TYPES);
    // a Long into the INTEGER id and small, an Integer into the BIGINT big
    rows.add(11L, -5, (long) Integer.MIN_VALUE, null, null, null, null, null, null);
    rows.sendTo(copy());

    assertThat(readBack().get(0)).startsWith(11, -5L, Integer.MIN_VALUE);
  }

  @Test
  void datesAndTimestamps_asTheServerSpellsThem() throws SQLException {
    BinaryCopyRows rows =
        new BinaryCopyRows(
            "every_type",
            List.of("id", "d", "ts"),
            List.of(CopyType.INT4, CopyType.DATE, CopyType.TIMESTAMP));
    rows.add(1, LocalDate.of(2000, 1, 2), LocalDateTime.of(2000, 1, 1, 0, 0, 1));
    rows.add(2, LocalDate.of(-4713, 11, 24), LocalDateTime.of(-4713, 11, 24, 0, 0));
    rows.add(3, LocalDate.of(1, 1, 1), LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000));
    rows.add(
        4, LocalDate.of(1999, 12, 31), LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_600));
    rows.add(5, LocalDate.of(2024, 5, 1), LocalDateTime.of(2024, 5, 1, 12, 34, 56, 789_012_345));
    rows.sendTo(copy());

    List<String> text = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT d::text || ' | ' || ts::text FROM every_type ORDER BY id")) {
      while (rs.next()) {
        text.add(rs.getString(1));
      }
    }
    assertThat(text)
        .containsExactly(
            "2000-01-02 | 2000-01-01 00:00:01",
            "4714-11-24 BC | 4714-11-24 00:00:00 BC",
            "0001-01-01 | 294276-12-31 23:59:59.999999",
            // nanoseconds round to the next microsecond, here into the next day
            "1999-12-31 | 2000-01-01 00:00:00",
            "2024-05-01 | 2024-05-01 12:34:56.789012");
  }

  @Test
  void text_nul_refusedBeforeTheServerSeesIt() throws SQLException {
    BinaryCopyRows rows =
        new BinaryCopyRows("every_type", List.of("id", "t"), List.of(CopyType.INT4, CopyType.TEXT));
    rows.add(1, "before");

    assertThatThrownBy(() -> rows.add(2, "r\u0000.zip"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("column t: text holds a NUL character (U+0000) at index 1")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22021"); // the state the server gives for the byte 0x00 in text
    // the transaction is untouched: the rows before the failed one still go in
    rows.sendTo(copy());
    assertThat(readBack()).hasSize(1);
    assertThat(readBack().get(0)[3]).isEqualTo("before");
  }

  @Test
  void server_refusesTheNulByteInEitherFormat() throws SQLException, IOException {
    // why the writer refuses NUL itself: PostgreSQL's text cannot hold it, whatever the format
    byte[] textFormat = {'a', 0, 'b', '\n'};
    byte[] binaryFormat =
        ByteBuffer.allocate(19 + 2 + 4 + 3 + 2)
            .put(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0})
            .putInt(0)
            .putInt(0)
            .putShort((short) 1)
            .putInt(3)
            .put(new byte[] {'a', 0, 'b'})
            .putShort((short) -1)
            .array();
    assertThat(serverError("COPY every_type (t) FROM STDIN", textFormat))
        .isEqualTo("22021: invalid byte sequence for encoding \"UTF8\": 0x00");
    assertThat(serverError("COPY every_type (t) FROM STDIN (FORMAT binary)", binaryFormat))
        .isEqualTo("22021: invalid byte sequence for encoding \"UTF8\": 0x00");
  }

  /** The SQLSTATE and the server's message (first line) of a COPY that fails. */
  private String serverError(String sql, byte[] data) throws SQLException, IOException {
    try (Statement st = c.createStatement()) {
      st.execute("SAVEPOINT before_copy");
    }
    try {
      copy().copyIn(sql, new ByteArrayInputStream(data));
    } catch (SQLException s) {
      String message = s.getMessage();
      int nl = message.indexOf('\n');
      return s.getSQLState()
          + ": "
          + (nl < 0 ? message : message.substring(0, nl)).replace("ERROR: ", "");
    } finally {
      try (Statement st = c.createStatement()) {
        st.execute("ROLLBACK TO SAVEPOINT before_copy");
      }
    }
    throw new AssertionError("COPY accepted " + Arrays.toString(data));
  }

  @Test
  void writer_storeTables_asksTheirTypesAndFlushesInParts() throws SQLException {
    PostgresBulkWriter.ColumnTypes types = new PostgresBulkWriter.ColumnTypes();
    assertThat(types.of(c, ChildTable.RECORD))
        .containsExactly(
            CopyType.INT8,
            CopyType.INT4,
            CopyType.TEXT,
            CopyType.DATE,
            CopyType.TEXT,
            CopyType.INT8,
            CopyType.TEXT,
            CopyType.TEXT,
            CopyType.TEXT,
            CopyType.TEXT,
            CopyType.TEXT,
            CopyType.TEXT,
            CopyType.TEXT);
    assertThat(types.of(c, ChildTable.ORIGINAL))
        .containsExactly(
            CopyType.INT8,
            CopyType.TEXT,
            CopyType.TEXT,
            CopyType.INT8,
            CopyType.BYTEA,
            CopyType.TEXT);

    // a small flush size: a COPY every few rows, inside the one transaction
    int n = 500;
    try (PostgresBulkWriter w = new PostgresBulkWriter(c, types, 256)) {
      for (int i = 0; i < n; i++) {
        w.row(
            ChildTable.RECORD,
            // Integer report_pk into BIGINT, Long row_no into INTEGER
            i % 2 == 0 ? (Object) (long) (i / 10) : (Object) (i / 10),
            i % 2 == 0 ? (Object) i : (Object) (long) i,
            "bücher.example",
            LocalDate.of(2024, 5, 1).plusDays(i % 3),
            "2001:db8::" + Integer.toHexString(i),
            (long) i * 3,
            "none",
            i % 3 == 0 ? null : "pass",
            "fail",
            "bücher.example",
            null,
            null,
            null);
        w.row(
            ChildTable.ORIGINAL,
            (long) i,
            "r" + i + ".zip",
            "application/zip",
            3L,
            new byte[] {1, 2, (byte) i},
            null);
      }
      w.finish();
    }

    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), sum(report_pk), sum(row_no), sum(message_count),"
                    + " count(DISTINCT report_day), count(dkim_aligned), min(policy_domain),"
                    + " count(DISTINCT source_ip) FROM aggregate_record")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(n);
      long pkSum = 0;
      for (int i = 0; i < n; i++) {
        pkSum += i / 10;
      }
      assertThat(rs.getLong(2)).isEqualTo(pkSum);
      assertThat(rs.getLong(3)).isEqualTo((long) n * (n - 1) / 2);
      assertThat(rs.getLong(4)).isEqualTo(3L * n * (n - 1) / 2);
      assertThat(rs.getInt(5)).isEqualTo(3);
      assertThat(rs.getLong(6)).isEqualTo(n - (n + 2) / 3);
      assertThat(rs.getString(7)).isEqualTo("bücher.example");
      assertThat(rs.getLong(8)).isEqualTo(n);
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT report_pk, bytes FROM report_original ORDER BY 1")) {
      for (int i = 0; i < n; i++) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(i);
        assertThat(rs.getBytes(2)).isEqualTo(new byte[] {1, 2, (byte) i});
      }
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void writer_columnOfATypeItDoesNotWrite_failsClearly() throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("ALTER TABLE aggregate_report_error ALTER COLUMN seq TYPE NUMERIC");
    }
    try (PostgresBulkWriter w =
        new PostgresBulkWriter(
            c, new PostgresBulkWriter.ColumnTypes(), PostgresBulkWriter.FLUSH_BYTES)) {
      assertThatThrownBy(() -> w.row(ChildTable.ERROR, 1L, 0, "an error"))
          .isInstanceOf(SQLException.class)
          .hasMessageStartingWith(
              "COPY into aggregate_report_error: column seq has type numeric, which the binary"
                  + " writer does not write")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42804");
    }
  }

  @Test
  void columnTypes_askedOncePerConnection() throws SQLException {
    PostgresBulkWriter.ColumnTypes types = new PostgresBulkWriter.ColumnTypes();
    List<CopyType> first = types.of(c, ChildTable.ERROR);
    try (Statement st = c.createStatement()) {
      // a change after the first question is not seen on this connection: the answer is kept
      st.execute("ALTER TABLE aggregate_report_error ALTER COLUMN seq TYPE BIGINT");
    }
    assertThat(types.of(c, ChildTable.ERROR))
        .isSameAs(first)
        .containsExactly(CopyType.INT8, CopyType.INT4, CopyType.TEXT);
    c.commit();
    try (Connection other = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      assertThat(types.of(other, ChildTable.ERROR))
          .containsExactly(CopyType.INT8, CopyType.INT8, CopyType.TEXT);
    } finally {
      try (Statement st = c.createStatement()) {
        st.execute("ALTER TABLE aggregate_report_error ALTER COLUMN seq TYPE INTEGER");
      }
      c.commit();
    }
  }

  @Test
  void sendTo_nothingAdded_sendsNothing() throws SQLException {
    BinaryCopyRows rows = new BinaryCopyRows("no_such_table", List.of("a"), List.of(CopyType.INT8));
    rows.sendTo(copy()); // no statement: a missing table is not even noticed
    rows.add(1L);
    assertThatThrownBy(() -> rows.sendTo(copy()))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no_such_table");
    assertThat(rows.rows()).isEqualTo(1);
  }
}
