// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Rows for one table, encoded in PostgreSQL's binary COPY format straight into a reused byte
 * buffer, sent with {@code COPY table (columns) FROM STDIN (FORMAT binary)}.
 *
 * <p>The format (PostgreSQL documentation, "COPY", "Binary Format"): the signature {@code
 * PGCOPY\n\377\r\n\0}, an int32 flags field (0) and an int32 header extension length (0); each row
 * an int16 field count, then per field an int32 length (-1 for NULL) and that many bytes in the
 * type's binary wire form; at the end an int16 -1. Integers are big-endian.
 *
 * <p>Each field is written in the form of its column's declared {@link CopyType}: the server reads
 * the bytes as that type without further checks of the sender's intent, so a mismatch (a String for
 * an int8 column) fails here, and a value that the column cannot hold (a Long beyond int4, a NUL
 * character in text, a date beyond PostgreSQL's range) fails here with an {@link SQLException}
 * naming the table and the column, before anything is sent.
 */
final class BinaryCopyRows {
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };
  private static final VarHandle INT16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** 2000-01-01, PostgreSQL's epoch, in days since 1970-01-01. */
  private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

  private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;

  /** The first valid date in days since 2000-01-01: Julian day 0, 4714-11-24 BC. */
  static final long MIN_DATE = -2_451_545;

  /** The first date past PostgreSQL's range (Julian day 2,147,483,494), days since 2000. */
  static final long END_DATE = 2_147_483_494L - 2_451_545;

  /** The first valid timestamp in microseconds since 2000-01-01: Julian day 0. */
  static final long MIN_TIMESTAMP = -211_813_488_000_000_000L;

  /** The first timestamp past PostgreSQL's range (294277-01-01), microseconds since 2000. */
  static final long END_TIMESTAMP = 9_223_371_331_200_000_000L;

  /** The largest buffer; a row that would grow it further fails. */
  private static final int MAX_BUFFER = Integer.MAX_VALUE - 16;

  private final String table;
  private final List<String> columns;
  private final CopyType[] types;
  private final String sql;
  private byte[] buf;
  private int pos;
  private int rows;

  /**
   * Rows for {@code table}, whose {@code columns} have the declared {@code types}.
   *
   * @throws IllegalArgumentException when the lists differ in length or hold no column
   */
  BinaryCopyRows(String table, List<String> columns, List<CopyType> types) {
    if (columns.isEmpty() || columns.size() != types.size()) {
      throw new IllegalArgumentException(
          table + ": " + columns.size() + " columns but " + types.size() + " types");
    }
    this.table = table;
    this.columns = List.copyOf(columns);
    this.types = types.toArray(new CopyType[0]);
    this.sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT binary)";
    this.buf = new byte[8192];
    reset();
  }

  /** The statement that reads these rows. */
  String sql() {
    return sql;
  }

  /** Rows added since the last {@link #sendTo} (or since creation). */
  int rows() {
    return rows;
  }

  /** Bytes encoded so far, the header included. */
  int size() {
    return pos;
  }

  /**
   * The COPY data of the rows added so far, with the trailer: what {@link #sendTo} sends. A copy,
   * for tests.
   */
  byte[] toByteArray() {
    byte[] out = Arrays.copyOf(buf, pos + 2);
    INT16.set(out, pos, (short) -1);
    return out;
  }

  /**
   * Adds a row; the values follow the columns.
   *
   * @throws SQLException when a value does not fit its column (SQLSTATE 22003 numeric value out of
   *     range, 22008 date out of range, 22021 a NUL character in text); the buffer is left as it
   *     was before the row
   * @throws IllegalArgumentException when the number of values is wrong or a value's Java type does
   *     not match its column's type (a programming error)
   */
  void add(@Nullable Object... values) throws SQLException {
    if (values.length != types.length) {
      throw new IllegalArgumentException(
          "COPY into " + table + ": " + values.length + " values for " + types.length + " columns");
    }
    int rowStart = pos;
    try {
      ensure(2);
      INT16.set(buf, pos, (short) types.length);
      pos += 2;
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        if (v == null) {
          ensure(4);
          INT32.set(buf, pos, -1);
          pos += 4;
        } else {
          field(i, v);
        }
      }
    } catch (SQLException | RuntimeException e) {
      pos = rowStart;
      throw e;
    }
    rows++;
  }

  private void field(int i, Object v) throws SQLException {
    switch (types[i]) {
      case INT8 -> {
        long l;
        if (v instanceof Long x) {
          l = x;
        } else if (v instanceof Integer x) {
          l = x;
        } else {
          throw mismatch(i, v);
        }
        fixed(8);
        INT64.set(buf, pos, l);
        pos += 8;
      }
      case INT4 -> {
        int n;
        if (v instanceof Integer x) {
          n = x;
        } else if (v instanceof Long x) {
          if (x != x.intValue()) {
            throw invalid(i, "value " + x + " is out of range for integer", "22003");
          }
          n = x.intValue();
        } else {
          throw mismatch(i, v);
        }
        fixed(4);
        INT32.set(buf, pos, n);
        pos += 4;
      }
      case TEXT -> {
        if (!(v instanceof String s)) {
          throw mismatch(i, v);
        }
        text(i, s);
      }
      case DATE -> {
        if (!(v instanceof LocalDate d)) {
          throw mismatch(i, v);
        }
        long days = d.toEpochDay() - PG_EPOCH_DAY;
        if (days < MIN_DATE || days >= END_DATE) {
          throw invalid(i, "date " + d + " is out of PostgreSQL's range", "22008");
        }
        fixed(4);
        INT32.set(buf, pos, (int) days);
        pos += 4;
      }
      case TIMESTAMP -> {
        if (!(v instanceof LocalDateTime t)) {
          throw mismatch(i, v);
        }
        fixed(8);
        INT64.set(buf, pos, micros(i, t));
        pos += 8;
      }
      case BOOL -> {
        if (!(v instanceof Boolean b)) {
          throw mismatch(i, v);
        }
        fixed(1);
        buf[pos++] = (byte) (b ? 1 : 0);
      }
      case BYTEA -> {
        if (!(v instanceof byte[] bytes)) {
          throw mismatch(i, v);
        }
        bytes(bytes);
      }
      default -> throw new IllegalStateException("no encoding for " + types[i]);
    }
  }

  /**
   * Microseconds since 2000-01-01 00:00, rounded half up from nanoseconds as PostgreSQL rounds a
   * timestamp's text.
   */
  private long micros(int i, LocalDateTime t) throws SQLException {
    long seconds = t.toEpochSecond(ZoneOffset.UTC) - PG_EPOCH_SECOND;
    // seconds beyond this would overflow the multiplication; the range check below is exact
    if (seconds >= MIN_TIMESTAMP / 1_000_000 - 1 && seconds <= END_TIMESTAMP / 1_000_000) {
      long micros = seconds * 1_000_000 + (t.getNano() + 500) / 1000;
      if (micros >= MIN_TIMESTAMP && micros < END_TIMESTAMP) {
        return micros;
      }
    }
    throw invalid(i, "timestamp " + t + " is out of PostgreSQL's range", "22008");
  }

  /**
   * A string as UTF-8 ({@code String.getBytes}: an unpaired surrogate becomes {@code ?}).
   * PostgreSQL's text cannot hold U+0000: the server refuses the byte 0x00 in either COPY format
   * ("invalid byte sequence for encoding UTF8: 0x00", SQLSTATE 22021); this refuses it before
   * sending, with the same SQLSTATE and the column.
   */
  private void text(int i, String s) throws SQLException {
    int nul = s.indexOf('\u0000');
    if (nul >= 0) {
      throw invalid(
          i,
          "text holds a NUL character (U+0000) at index " + nul + ", which PostgreSQL cannot store",
          "22021");
    }
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A field of these bytes: their length, then them. */
  private void bytes(byte[] b) throws SQLException {
    fixed(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private void fixed(int length) throws SQLException {
    ensure(4L + length);
    INT32.set(buf, pos, length);
    pos += 4;
  }

  private void ensure(long more) throws SQLException {
    long need = pos + more;
    if (need <= buf.length) {
      return;
    }
    // room for the trailer too, so toByteArray and sendTo never grow
    if (need + 2 > MAX_BUFFER) {
      throw new SQLException(
          "COPY into " + table + ": a row of more than " + (MAX_BUFFER >> 20) + " MiB", "54000");
    }
    buf = Arrays.copyOf(buf, (int) Math.min(MAX_BUFFER, Math.max(need + 2, 2L * buf.length)));
  }

  private IllegalArgumentException mismatch(int i, Object v) {
    return new IllegalArgumentException(
        "COPY into "
            + table
            + ": column "
            + columns.get(i)
            + " is "
            + types[i]
            + ", got a "
            + v.getClass().getSimpleName());
  }

  private SQLException invalid(int i, String what, String sqlState) {
    return new SQLException(
        "COPY into " + table + ": row " + (rows + 1) + ", column " + columns.get(i) + ": " + what,
        sqlState);
  }

  /**
   * Sends the rows added so far in one COPY, then empties the buffer for the next rows (it keeps
   * its capacity). Does nothing when no row was added.
   *
   * @throws SQLException when the server refuses the data or the count of rows it read differs
   */
  void sendTo(CopyManager copy) throws SQLException {
    if (rows == 0) {
      return;
    }
    ensure(2);
    INT16.set(buf, pos, (short) -1);
    CopyIn in = copy.copyIn(sql);
    long copied;
    try {
      in.writeToCopy(buf, 0, pos + 2);
      copied = in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
    if (copied != rows) {
      throw new SQLException(
          "COPY into " + table + " read " + copied + " rows of " + rows + " sent", "XX000");
    }
    reset();
  }

  private void reset() {
    System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
    pos = HEADER.length;
    rows = 0;
  }
}
