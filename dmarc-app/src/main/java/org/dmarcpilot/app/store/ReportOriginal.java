// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The bytes a stored report arrived as: the file (xml, xml.gz, zip) or, for e-mail, the attachment
 * after transfer decoding. Kept with the report, in the same transaction; when it was larger than
 * the limit only its size is kept. Bytes that arrived uncompressed (plain XML) may be held gzipped
 * ({@link #compacted()}, done on the parser threads): a third of the store's size in a typical mix.
 * {@link #content()} gives back the bytes as they arrived either way.
 *
 * @param fileName a file name to offer (no path, no control characters, no quotes)
 * @param mediaType its content type
 * @param size its size in bytes as it arrived
 * @param bytes the bytes as held (not copied: do not modify them), or null when they were not kept
 * @param gzipped whether {@code bytes} are the gzip (RFC 1952) of what arrived rather than the
 *     bytes themselves
 */
public record ReportOriginal(
    String fileName, String mediaType, long size, byte @Nullable [] bytes, boolean gzipped) {

  /** Checks the parts; the bytes are not copied (they may be large). */
  public ReportOriginal {
    fileName = StoredText.cleanNonNull(Objects.requireNonNull(fileName, "fileName"));
    mediaType = StoredText.cleanNonNull(Objects.requireNonNull(mediaType, "mediaType"));
    if (size < 0 || (bytes != null && !gzipped && bytes.length != size)) {
      throw new IllegalArgumentException(
          "size "
              + size
              + " does not fit "
              + (bytes == null ? "no bytes" : bytes.length + " bytes"));
    }
    if (gzipped && bytes == null) {
      throw new IllegalArgumentException("gzipped without bytes");
    }
  }

  /** An original held as it arrived. */
  public ReportOriginal(String fileName, String mediaType, long size, byte @Nullable [] bytes) {
    this(fileName, mediaType, size, bytes, false);
  }

  /**
   * An original as a row of {@code report_original} holds it.
   *
   * @param storedAs the row's {@code stored_as}: null (as it arrived) or {@code gzip}
   * @throws StoreException for another {@code stored_as} (written by a later version)
   */
  public static ReportOriginal fromRow(
      String fileName,
      String mediaType,
      long size,
      byte @Nullable [] bytes,
      @Nullable String storedAs) {
    if (storedAs != null && !storedAs.equals(OriginalCodec.GZIP)) {
      throw new StoreException(
          "the stored original "
              + fileName
              + " is held as '"
              + storedAs
              + "', which this version cannot read");
    }
    return new ReportOriginal(fileName, mediaType, size, bytes, bytes != null && storedAs != null);
  }

  /**
   * The original of a stored report as its rows hold it (gzipped or not, the parts past the first
   * {@link BlobParts#PART_BYTES} appended), or empty when the report has no original row.
   *
   * @throws StoreException for a {@code stored_as} this version cannot read
   */
  public static Optional<ReportOriginal> load(Connection c, long reportPk) throws SQLException {
    String fileName;
    String mediaType;
    long size;
    byte[] bytes;
    String storedAs;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT filename, media_type, size, bytes, stored_as FROM report_original"
                + " WHERE report_pk = ?")) {
      ps.setLong(1, reportPk);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        fileName = rs.getString(1);
        mediaType = rs.getString(2);
        size = rs.getLong(3);
        bytes = rs.getBytes(4);
        storedAs = rs.getString(5);
      }
    }
    bytes =
        BlobParts.read(c, BlobParts.Table.ORIGINALS, reportPk, bytes); // the row's result is closed
    return Optional.of(fromRow(fileName, mediaType, size, bytes, storedAs));
  }

  /**
   * This original, held gzipped when it arrived uncompressed (not zip or gzip), is at least {@value
   * OriginalCodec#MIN_SIZE} bytes and gzip saves at least an eighth; otherwise this original.
   */
  public ReportOriginal compacted() {
    if (bytes == null || gzipped || !OriginalCodec.worthCompressing(mediaType, bytes.length)) {
      return this;
    }
    byte[] packed = OriginalCodec.gzip(bytes);
    return packed.length <= bytes.length - bytes.length / 8
        ? new ReportOriginal(fileName, mediaType, size, packed, true)
        : this;
  }

  /**
   * The bytes as they arrived (gunzipped when held gzipped, at most {@link #size} bytes), or null
   * when they were not kept.
   *
   * @throws StoreException when held gzipped bytes do not give back exactly {@link #size} bytes
   */
  public byte @Nullable [] content() {
    if (bytes == null || !gzipped) {
      return bytes;
    }
    return OriginalCodec.gunzip(bytes, size, fileName);
  }

  /** This original as it arrived (gunzipped when held gzipped). */
  public ReportOriginal expanded() {
    return gzipped ? new ReportOriginal(fileName, mediaType, size, content(), false) : this;
  }

  /** Whether the bytes were kept. */
  public boolean kept() {
    return bytes != null;
  }

  /**
   * A file name to offer for an original: the last segment of {@code name} (a path, an attachment's
   * name) without control characters, quotes or backslashes, at most 200 characters; {@code
   * report.xml}, {@code report.xml.gz} or {@code report.zip} by media type when nothing is left.
   */
  public static String fileNameFor(@Nullable String name, String mediaType) {
    String n = name == null ? "" : name;
    int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    n = n.substring(cut + 1);
    StringBuilder sb = new StringBuilder(Math.min(n.length(), 200));
    for (int i = 0; i < n.length() && sb.length() < 200; i++) {
      char c = n.charAt(i);
      if (c >= 0x20 && c != 0x7f && c != '"' && c != '\'' && !(c >= 0x80 && c < 0xa0)) {
        sb.append(c);
      }
    }
    String s = sb.toString().strip();
    if (s.isEmpty() || s.equals(".") || s.equals("..")) {
      return switch (mediaType.toLowerCase(Locale.ROOT)) {
        case "application/gzip" -> "report.xml.gz";
        case "application/zip" -> "report.zip";
        case "message/rfc822" -> "report.eml";
        default -> "report.xml";
      };
    }
    return s;
  }

  @Override
  public String toString() {
    return "ReportOriginal["
        + fileName
        + ", "
        + mediaType
        + ", "
        + size
        + " bytes"
        + (kept() ? "" : ", not kept")
        + (gzipped ? ", held gzipped" : "")
        + "]";
  }
}
