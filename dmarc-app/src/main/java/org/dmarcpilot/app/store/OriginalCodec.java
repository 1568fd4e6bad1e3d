// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/** The gzip form reports' originals may be held in ({@link ReportOriginal#compacted()}). */
final class OriginalCodec {
  /** Originals below this size are held as they are: gzip's framing would eat the gain. */
  static final int MIN_SIZE = 512;

  /** The value of {@code report_original.stored_as} for gzipped bytes. */
  static final String GZIP = "gzip";

  private OriginalCodec() {}

  /** Whether bytes of this type and size are worth a try: not zip or gzip already. */
  static boolean worthCompressing(String mediaType, int length) {
    if (length < MIN_SIZE) {
      return false;
    }
    String t = mediaType.toLowerCase(Locale.ROOT);
    return !(t.contains("zip") || t.contains("compress") || t.equals("application/octet-stream"));
  }

  /** The gzip of {@code bytes} at the fastest level (plain XML shrinks about tenfold). */
  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 6));
    try (GZIPOutputStream gz = new FastGzip(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * Gunzips held bytes that must give back exactly {@code size} bytes.
   *
   * @throws StoreException when they are not one gzip member of exactly that size
   */
  static byte[] gunzip(byte[] gzipped, long size, String name) {
    if (size > Integer.MAX_VALUE - 16) {
      throw damaged(name, "its recorded size " + size + " is too large");
    }
    int header = headerLength(gzipped, name);
    byte[] out = new byte[(int) size];
    Inflater inf = new Inflater(true);
    try {
      inf.setInput(gzipped, header, gzipped.length - header);
      int n = 0;
      while (n < out.length && !inf.finished()) {
        int got = inf.inflate(out, n, out.length - n);
        if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != out.length || !inf.finished()) {
        throw damaged(name, "it does not unpack to its recorded size of " + size + " bytes");
      }
      if (inf.getRemaining() != 8) {
        throw damaged(name, "its gzip trailer is missing or followed by other bytes");
      }
      int t = gzipped.length - 8;
      CRC32 crc = new CRC32();
      crc.update(out);
      if (littleEndian(gzipped, t) != (int) crc.getValue()
          || littleEndian(gzipped, t + 4) != out.length) {
        throw damaged(name, "its checksum does not match");
      }
      return out;
    } catch (DataFormatException e) {
      throw damaged(name, "its deflate data is corrupt: " + e.getMessage());
    } finally {
      inf.end();
    }
  }

  /** The length of the fixed gzip header {@link #gzip} writes (no name, comment or extra). */
  private static int headerLength(byte[] b, String name) {
    if (b.length < 18 || (b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b || b[2] != 8) {
      throw damaged(name, "it is not gzip data");
    }
    if (b[3] != 0) {
      throw damaged(name, "its gzip header has optional fields this store never writes");
    }
    return 10;
  }

  private static int littleEndian(byte[] b, int i) {
    return (b[i] & 0xff)
        | (b[i + 1] & 0xff) << 8
        | (b[i + 2] & 0xff) << 16
        | (b[i + 3] & 0xff) << 24;
  }

  private static StoreException damaged(String name, String problem) {
    return new StoreException("the stored original " + name + " is damaged: " + problem);
  }

  /** {@link GZIPOutputStream} at {@link Deflater#BEST_SPEED}. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(ByteArrayOutputStream out) throws IOException {
      super(out, 8192);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
