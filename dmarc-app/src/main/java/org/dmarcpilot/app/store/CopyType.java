// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL column types {@link BinaryCopyRows} writes in COPY's binary format: the portable
 * types of the migrations (see {@link Migrations}). Binary COPY sends each field in its column's
 * exact wire form, so the encoding follows the column's declared type, not the Java value's.
 */
enum CopyType {
  /** {@code BIGINT}: 8 bytes, big-endian. Takes a Long or an Integer. */
  INT8,
  /** {@code INTEGER}: 4 bytes, big-endian. Takes an Integer, or a Long that fits. */
  INT4,
  /** {@code TEXT} (and {@code VARCHAR}, same wire form): UTF-8 bytes. Takes a String. */
  TEXT,
  /** {@code DATE}: 4 bytes, days since 2000-01-01. Takes a LocalDate. */
  DATE,
  /** {@code TIMESTAMP} (without time zone): 8 bytes, microseconds since 2000-01-01 00:00. */
  TIMESTAMP,
  /** {@code BOOLEAN}: 1 byte. Takes a Boolean. */
  BOOL,
  /** {@code BYTEA}: the bytes as they are. Takes a byte[]. */
  BYTEA;

  /**
   * The type for a column of PostgreSQL type {@code typeName} (as {@code pg_type.typname} and
   * {@code ResultSetMetaData.getColumnTypeName} spell it), or null when the writer has no encoding
   * for it.
   */
  static @Nullable CopyType forTypeName(String typeName) {
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "int8" -> INT8;
      case "int4" -> INT4;
      case "text", "varchar" -> TEXT;
      case "date" -> DATE;
      case "timestamp" -> TIMESTAMP;
      case "bool" -> BOOL;
      case "bytea" -> BYTEA;
      default -> null;
    };
  }
}
