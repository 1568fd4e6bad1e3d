// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One table's rows of a transaction as CSV in a temporary file, for DuckDB's {@code COPY ... FROM}
 * (see {@link #copyOptions()}): a string is always quoted, with {@code "} doubled, so any text
 * (commas, quotes, line breaks, NUL) reads back exactly; an unquoted empty field is NULL, a quoted
 * one the empty string. Strings are written as UTF-8 the way {@link String#getBytes} writes them
 * (an unpaired surrogate as {@code ?}), as DuckDB's appender does.
 *
 * <p>A row is encoded whole before it is written, so that the caller can learn its size ({@link
 * #pendingRowBytes()}) and take back a row too long for DuckDB's line limit ({@link #dropRow()}).
 */
final class CsvBatch implements AutoCloseable {
  /**
   * The most bytes of one row in a batch; a longer row goes another way. DuckDB's CSV reader reads
   * lines up to its {@code max_line_size} (set by the COPY a little above this), in buffers of
   * {@link #READ_BUFFER_BYTES} from its memory: its defaults (2 MB lines, 32 MB buffers) took a
   * store with a small memory limit out of memory.
   */
  static final int MAX_ROW_BYTES = 256 * 1024 - 1024;

  /** The size of DuckDB's read buffer for a batch. */
  static final int READ_BUFFER_BYTES = 1024 * 1024;

  private final Path file;
  private final OutputStream out;
  private byte[] row = new byte[512];
  private int len;
  private long rows;
  private boolean closed;

  private CsvBatch(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** A new batch in a temporary file of {@code dir} (readable by its owner only). */
  static CsvBatch create(Path dir) throws IOException {
    Path f = Files.createTempFile(dir, TEMP_PREFIX, ".csv");
    try {
      return new CsvBatch(f, new java.io.BufferedOutputStream(Files.newOutputStream(f), 1 << 16));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(f);
      throw e;
    }
  }

  /** The prefix of the temporary files' names (a crash can leave one; the store removes them). */
  static final String TEMP_PREFIX = ".dmarcpilot-bulk-";

  /** The options of {@code COPY table (columns) FROM 'file' (...)} that read this format. */
  static String copyOptions() {
    return "(FORMAT csv, HEADER false, AUTO_DETECT false, DELIMITER ',', QUOTE '\"', ESCAPE '\"',"
        + " NULLSTR '', ALLOW_QUOTED_NULLS false, STRICT_MODE true, NEW_LINE '\\n',"
        + " MAX_LINE_SIZE "
        + (MAX_ROW_BYTES + 1024)
        + ", BUFFER_SIZE "
        + READ_BUFFER_BYTES
        + ")";
  }

  /** Encodes a row (values: String, Long, Integer, LocalDate, LocalDateTime, Boolean or null). */
  void encode(@Nullable Object... values) {
    len = 0;
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        put((byte) ',');
      }
      Object v = values[i];
      if (v == null) {
        continue;
      }
      if (v instanceof String s) {
        string(s);
      } else if (v instanceof Long l) {
        ascii(Long.toString(l));
      } else if (v instanceof Integer n) {
        ascii(Integer.toString(n));
      } else if (v instanceof LocalDate d) {
        ascii(d.toString()); // ISO yyyy-MM-dd (years 0 to 9999)
      } else if (v instanceof LocalDateTime t) {
        timestamp(t);
      } else if (v instanceof Boolean b) {
        ascii(b ? "true" : "false");
      } else {
        throw new IllegalArgumentException("unsupported value type for CSV " + v.getClass());
      }
    }
    put((byte) '\n');
  }

  /** The bytes of the row last encoded. */
  int pendingRowBytes() {
    return len;
  }

  /** Writes the row last encoded. */
  void writeRow() throws IOException {
    out.write(row, 0, len);
    rows++;
    len = 0;
  }

  /** Forgets the row last encoded. */
  void dropRow() {
    len = 0;
  }

  /** The rows written. */
  long rows() {
    return rows;
  }

  /** Ends the file for reading; returns it. */
  Path finish() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
    return file;
  }

  /** Removes the file. */
  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private void string(String s) {
    put((byte) '"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : rest) {
          if (b == '"') {
            put(b);
          }
          put(b);
        }
        break;
      }
      if (c == '"') {
        put((byte) '"');
      }
      put((byte) c);
    }
    put((byte) '"');
  }

  private void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      put((byte) s.charAt(i));
    }
  }

  private void timestamp(LocalDateTime t) {
    ascii(t.toLocalDate().toString());
    put((byte) ' ');
    two(t.getHour());
    put((byte) ':');
    two(t.getMinute());
    put((byte) ':');
    two(t.getSecond());
    int micros = t.getNano() / 1000;
    if (micros != 0) {
      put((byte) '.');
      String m = Integer.toString(micros);
      for (int i = m.length(); i < 6; i++) {
        put((byte) '0');
      }
      ascii(m);
    }
  }

  private void two(int v) {
    put((byte) ('0' + v / 10));
    put((byte) ('0' + v % 10));
  }

  private void put(byte b) {
    if (len == row.length) {
      row = Arrays.copyOf(row, row.length * 2);
    }
    row[len++] = b;
  }
}
