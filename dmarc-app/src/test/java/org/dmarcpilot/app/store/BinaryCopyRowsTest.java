// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The bytes of COPY's binary format, field by field, against the layout in PostgreSQL's
 * documentation ("COPY", "Binary Format") and the types' wire forms. {@code BinaryCopyRowsIT} sends
 * the same encodings to a real server.
 */
class BinaryCopyRowsTest {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };

  private static BinaryCopyRows oneColumn(CopyType type) {
    return new BinaryCopyRows("t", List.of("c"), List.of(type));
  }

  /** The field of the only row: its length word and bytes (null for NULL). */
  private static byte @Nullable [] field(BinaryCopyRows rows) {
    ByteBuffer b = ByteBuffer.wrap(rows.toByteArray());
    byte[] sig = new byte[11];
    b.get(sig);
    assertThat(sig).isEqualTo(SIGNATURE);
    assertThat(b.getInt()).as("flags").isZero();
    assertThat(b.getInt()).as("header extension").isZero();
    assertThat(b.getShort()).as("field count").isEqualTo((short) 1);
    int length = b.getInt();
    byte[] out = null;
    if (length >= 0) {
      out = new byte[length];
      b.get(out);
    } else {
      assertThat(length).isEqualTo(-1);
    }
    assertThat(b.getShort()).as("trailer").isEqualTo((short) -1);
    assertThat(b.hasRemaining()).isFalse();
    return out;
  }

  private static byte @Nullable [] encode(CopyType type, @Nullable Object value)
      throws SQLException {
    BinaryCopyRows rows = oneColumn(type);
    rows.add(value);
    assertThat(rows.rows()).isEqualTo(1);
    return field(rows);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static long int64(byte[] b) {
    assertThat(b).hasSize(8);
    return ByteBuffer.wrap(b).getLong();
  }

  private static int int32(byte[] b) {
    assertThat(b).hasSize(4);
    return ByteBuffer.wrap(b).getInt();
  }

  @Test
  void noRows_headerAndTrailerOnly() {
    BinaryCopyRows rows =
        new BinaryCopyRows("t", List.of("a", "b"), List.of(CopyType.INT8, CopyType.TEXT));
    byte[] all = rows.toByteArray();
    assertThat(Arrays.copyOf(all, 11)).isEqualTo(SIGNATURE);
    assertThat(all).hasSize(11 + 4 + 4 + 2).endsWith(0xff, 0xff);
    assertThat(rows.rows()).isZero();
    assertThat(rows.sql()).isEqualTo("COPY t (a, b) FROM STDIN (FORMAT binary)");
  }

  @Test
  void null_isLengthMinusOneForEveryType() throws SQLException {
    for (CopyType type : CopyType.values()) {
      assertThat(encode(type, null)).as(type.name()).isNull();
    }
  }

  @Test
  void integers_bigEndianInTheColumnsWidth() throws SQLException {
    assertThat(encode(CopyType.INT8, 0x0102030405060708L)).isEqualTo(bytes(1, 2, 3, 4, 5, 6, 7, 8));
    assertThat(encode(CopyType.INT8, -2L)).isEqualTo(bytes(255, 255, 255, 255, 255, 255, 255, 254));
    // an Integer into a BIGINT column is widened, sign and all
    assertThat(encode(CopyType.INT8, -2)).isEqualTo(bytes(255, 255, 255, 255, 255, 255, 255, 254));
    assertThat(encode(CopyType.INT4, 0x01020304)).isEqualTo(bytes(1, 2, 3, 4));
    // a Long into an INTEGER column is narrowed when it fits
    assertThat(encode(CopyType.INT4, (long) Integer.MIN_VALUE)).isEqualTo(bytes(128, 0, 0, 0));
  }

  @Test
  void int4_longOutOfRange_failsNamingTheColumn() {
    BinaryCopyRows rows = oneColumn(CopyType.INT4);
    assertThatThrownBy(() -> rows.add(1L << 31))
        .isInstanceOf(SQLException.class)
        .hasMessage("COPY into t: row 1, column c: value 2147483648 is out of range for integer")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22003");
    assertThat(rows.rows()).isZero();
  }

  @Test
  void bool_oneByte() throws SQLException {
    assertThat(encode(CopyType.BOOL, true)).isEqualTo(bytes(1));
    assertThat(encode(CopyType.BOOL, false)).isEqualTo(bytes(0));
  }

  @Test
  void text_utf8() throws SQLException {
    assertThat(encode(CopyType.TEXT, "")).isEmpty();
    for (String s :
        List.of(
            "example.com", "bücher.example", "€ 100", "例え.テスト", "\uD83D\uDCE7 mail", "a\tb\\n\r")) {
      assertThat(encode(CopyType.TEXT, s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void text_unpairedSurrogate_becomesQuestionMarkAsInJava() throws SQLException {
    for (String s : List.of("a\uD83Db", "a\uDCE7b", "end\uD83D")) {
      assertThat(encode(CopyType.TEXT, s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void text_nul_failsBeforeSendingAndKeepsTheRowsBefore() throws SQLException {
    BinaryCopyRows rows =
        new BinaryCopyRows("t", List.of("id", "name"), List.of(CopyType.INT8, CopyType.TEXT));
    rows.add(1L, "ok");
    int size = rows.size();

    assertThatThrownBy(() -> rows.add(2L, "a\u0000b.zip"))
        .isInstanceOf(SQLException.class)
        .hasMessage(
            "COPY into t: row 2, column name: text holds a NUL character (U+0000) at index 1,"
                + " which PostgreSQL cannot store")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22021");
    assertThat(rows.rows()).isEqualTo(1);
    assertThat(rows.size()).isEqualTo(size);
    rows.add(3L, "next");
    assertThat(rows.rows()).isEqualTo(2);
  }

  @Test
  void bytea_rawBytes() throws SQLException {
    byte[] every = new byte[256];
    for (int i = 0; i < 256; i++) {
      every[i] = (byte) i;
    }
    assertThat(encode(CopyType.BYTEA, every)).isEqualTo(every);
    assertThat(encode(CopyType.BYTEA, new byte[0])).isEmpty();
    byte[] large = new byte[3 << 20];
    Arrays.fill(large, (byte) 0x5a);
    assertThat(encode(CopyType.BYTEA, large)).isEqualTo(large);
  }

  @Test
  void date_daysSince2000() throws SQLException {
    assertThat(int32(encode(CopyType.DATE, LocalDate.of(2000, 1, 1)))).isZero();
    assertThat(int32(encode(CopyType.DATE, LocalDate.of(1999, 12, 31)))).isEqualTo(-1);
    assertThat(int32(encode(CopyType.DATE, LocalDate.of(1970, 1, 1)))).isEqualTo(-10_957);
    assertThat(int32(encode(CopyType.DATE, LocalDate.of(2024, 5, 1)))).isEqualTo(8_887);
  }

  @Test
  void timestamp_microsecondsSince2000() throws SQLException {
    assertThat(int64(encode(CopyType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0)))).isZero();
    assertThat(int64(encode(CopyType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1000))))
        .isEqualTo(1);
    assertThat(int64(encode(CopyType.TIMESTAMP, LocalDateTime.of(1999, 12, 31, 23, 59, 59))))
        .isEqualTo(-1_000_000);
    assertThat(int64(encode(CopyType.TIMESTAMP, LocalDateTime.of(1970, 1, 1, 0, 0))))
        .isEqualTo(-946_684_800_000_000L);
    // nanoseconds round half up to microseconds, as the server rounds a timestamp's text
    assertThat(int64(encode(CopyType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1499))))
        .isEqualTo(1);
    assertThat(int64(encode(CopyType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1500))))
        .isEqualTo(2);
    assertThat(
            int64(
                encode(
                    CopyType.TIMESTAMP, LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_600))))
        .isZero();
  }

  @Test
  void dateAndTimestamp_outsidePostgresRange_failNotInfinity() {
    // PostgreSQL reads the extreme int32/int64 values as -infinity/infinity: never send them
    BinaryCopyRows date = oneColumn(CopyType.DATE);
    assertThatThrownBy(() -> date.add(LocalDate.MAX))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("column c: date +999999999-12-31 is out of PostgreSQL's range");
    assertThatThrownBy(() -> date.add(LocalDate.of(-4713, 11, 23)))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("out of PostgreSQL's range");
    BinaryCopyRows ts = oneColumn(CopyType.TIMESTAMP);
    assertThatThrownBy(() -> ts.add(LocalDateTime.MAX))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("column c: timestamp +999999999-12-31T23:59:59.999999999 is out of");
    assertThatThrownBy(() -> ts.add(LocalDateTime.of(294277, 1, 1, 0, 0)))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22008");
    assertThat(date.rows()).isZero();
    assertThat(ts.rows()).isZero();
  }

  @Test
  void dateAndTimestamp_edgesOfPostgresRange_accepted() throws SQLException {
    assertThat(int32(encode(CopyType.DATE, LocalDate.of(-4713, 11, 24))))
        .isEqualTo((int) BinaryCopyRows.MIN_DATE);
    assertThat(int64(encode(CopyType.TIMESTAMP, LocalDateTime.of(-4713, 11, 24, 0, 0))))
        .isEqualTo(BinaryCopyRows.MIN_TIMESTAMP);
    assertThat(int64(encode(CopyType.TIMESTAMP, LocalDateTime.of(294276, 12, 31, 23, 59, 59))))
        .isEqualTo(BinaryCopyRows.END_TIMESTAMP - 1_000_000);
  }

  @Test
  void javaTypeNotTheColumns_failsNamingTheColumn() {
    BinaryCopyRows rows =
        new BinaryCopyRows("t", List.of("n", "d"), List.of(CopyType.INT8, CopyType.DATE));
    assertThatThrownBy(() -> rows.add("1", LocalDate.of(2024, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COPY into t: column n is INT8, got a String");
    assertThatThrownBy(() -> rows.add(1L, LocalDateTime.of(2024, 1, 1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COPY into t: column d is DATE, got a LocalDateTime");
    assertThatThrownBy(() -> rows.add(1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COPY into t: 1 values for 2 columns");
    assertThat(rows.rows()).isZero();
    assertThat(rows.size()).isEqualTo(19);
  }

  @Test
  void forTypeName_thePortableTypes() {
    assertThat(CopyType.forTypeName("int8")).isEqualTo(CopyType.INT8);
    assertThat(CopyType.forTypeName("int4")).isEqualTo(CopyType.INT4);
    assertThat(CopyType.forTypeName("text")).isEqualTo(CopyType.TEXT);
    assertThat(CopyType.forTypeName("varchar")).isEqualTo(CopyType.TEXT);
    assertThat(CopyType.forTypeName("date")).isEqualTo(CopyType.DATE);
    assertThat(CopyType.forTypeName("timestamp")).isEqualTo(CopyType.TIMESTAMP);
    assertThat(CopyType.forTypeName("bool")).isEqualTo(CopyType.BOOL);
    assertThat(CopyType.forTypeName("bytea")).isEqualTo(CopyType.BYTEA);
    assertThat(CopyType.forTypeName("timestamptz")).isNull();
    assertThat(CopyType.forTypeName("int2")).isNull();
    assertThat(CopyType.forTypeName("numeric")).isNull();
  }
}
