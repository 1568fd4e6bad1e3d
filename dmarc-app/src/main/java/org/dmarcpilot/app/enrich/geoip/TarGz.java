// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extracts named regular files from a gzip-compressed tar archive (an npm package tarball),
 * bounded: at most {@code maxBytes} of decompressed data are read in all, and at most {@value
 * #MAX_ENTRIES} entries. Only ustar/GNU headers with octal sizes are understood; anything else is
 * an error that names the archive.
 */
final class TarGz {
  static final int MAX_ENTRIES = 10_000;

  private TarGz() {}

  /**
   * Writes each wanted entry (by its path in the archive) to a file in {@code dir} named after the
   * last path segment, and returns the files written.
   *
   * @throws IOException if the archive is malformed, too large, or a file cannot be written
   */
  static Map<String, Path> extract(Path archive, Set<String> wanted, Path dir, long maxBytes)
      throws IOException {
    Map<String, Path> out = new HashMap<>();
    try (InputStream gz = new GZIPInputStream(Files.newInputStream(archive), 65_536)) {
      Bounded in = new Bounded(gz, maxBytes, archive);
      byte[] header = new byte[512];
      for (int entries = 0; ; entries++) {
        if (entries > MAX_ENTRIES) {
          throw new IOException(archive + ": more than " + MAX_ENTRIES + " entries");
        }
        if (!readFully(in, header)) {
          break;
        }
        if (allZero(header)) {
          break;
        }
        String name = string(header, 0, 100);
        String prefix = string(header, 345, 155);
        if (!prefix.isEmpty() && header[257] == 'u') {
          name = prefix + "/" + name;
        }
        long size = octal(header, 124, 12, archive);
        char type = (char) header[156];
        long padded = (size + 511) / 512 * 512;
        if ((type == '0' || type == 0) && wanted.contains(name)) {
          String file = name.substring(name.lastIndexOf('/') + 1);
          Path target = dir.resolve(file);
          try (OutputStream os = Files.newOutputStream(target)) {
            copy(in, os, size, archive);
          }
          skip(in, padded - size, archive);
          out.put(name, target);
        } else {
          skip(in, padded, archive);
        }
      }
    }
    return out;
  }

  private static boolean readFully(InputStream in, byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        if (off == 0) {
          return false;
        }
        throw new EOFException("truncated tar header");
      }
      off += n;
    }
    return true;
  }

  private static void copy(InputStream in, OutputStream out, long size, Path archive)
      throws IOException {
    byte[] buf = new byte[65_536];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new EOFException(archive + ": truncated entry");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long n, Path archive) throws IOException {
    copy(in, OutputStream.nullOutputStream(), n, archive);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String string(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len, Path archive) throws IOException {
    long v = 0;
    boolean any = false;
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c == 0 || c == ' ') {
        if (any) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        throw new IOException(archive + ": bad size field in tar header");
      }
      v = v * 8 + (c - '0');
      any = true;
      if (v > (1L << 40)) {
        throw new IOException(archive + ": tar entry size too large");
      }
    }
    return v;
  }

  /** Counts decompressed bytes and stops past the cap. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private final long max;
    private final Path archive;
    private long read;

    Bounded(InputStream in, long max, Path archive) {
      this.in = in;
      this.max = max;
      this.archive = archive;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        read += n;
        if (read > max) {
          throw new IOException(archive + ": more than " + max + " bytes after decompression");
        }
      }
      return n;
    }
  }
}
