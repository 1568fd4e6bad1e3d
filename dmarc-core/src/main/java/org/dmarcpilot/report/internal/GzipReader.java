// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses gzip data (RFC 1952): one member or several in a row, read as one stream, each
 * member's CRC-32 and length checked. Unlike the JDK's {@code GZIPInputStream}, which calls itself
 * once per empty member (a few MB of empty members overflow its stack), it loops; and it stops
 * after {@value #MAX_MEMBERS} members. Bytes after the last member that do not begin another one
 * are ignored, as {@code gzip -d} and the JDK ignore them.
 *
 * <p>{@link #close()} frees the inflater's native memory and closes the compressed stream.
 */
public final class GzipReader extends InputStream {
  /** The most members read: a report is one member; a few more come from appending writers. */
  public static final int MAX_MEMBERS = 10_000;

  /** The longest file name or comment of a member header read. */
  private static final int MAX_HEADER_TEXT = 1 << 16;

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xe0;

  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int lim;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private long memberBytes;
  private int members;
  private boolean eof;
  private boolean closed;
  private final byte[] one = new byte[1];

  /**
   * Reads the first member's header.
   *
   * @param in the compressed bytes
   * @param bufferSize the read buffer's size
   * @throws ZipException if the data are not gzip data
   * @throws IOException if reading fails
   */
  public GzipReader(InputStream in, int bufferSize) throws IOException {
    this.in = in;
    this.buf = new byte[bufferSize];
    if (!header(true)) {
      throw new EOFException("no gzip header");
    }
  }

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (!eof) {
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new ZipException(e.getMessage() == null ? "invalid deflate data" : e.getMessage());
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberBytes += n;
        return n;
      }
      if (inflater.finished()) {
        pos = lim - inflater.getRemaining();
        trailer();
        eof = !header(false);
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw new EOFException("Unexpected end of ZLIB input stream");
        }
        inflater.setInput(buf, pos, lim - pos);
        pos = lim;
      } else {
        throw new ZipException("invalid deflate data (a preset dictionary)");
      }
    }
    return -1;
  }

  @Override
  public int available() throws IOException {
    return eof ? 0 : 1;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      inflater.end();
      in.close();
    }
  }

  /** Checks the trailer of the member just inflated: its CRC-32 and length (modulo 2^32). */
  private void trailer() throws IOException {
    long expectedCrc = uint32();
    long expectedSize = uint32();
    if (expectedCrc != crc.getValue() || expectedSize != (memberBytes & 0xffffffffL)) {
      throw new ZipException("Corrupt GZIP trailer");
    }
  }

  /**
   * Reads a member header and readies the inflater for the member's data.
   *
   * @param first whether it is the first member, which must be there
   * @return false at the end of the data (no more bytes, or bytes that begin no member)
   */
  private boolean header(boolean first) throws IOException {
    int id1 = next();
    if (id1 < 0 && !first) {
      return false;
    }
    int id2 = next();
    if (id1 != 0x1f || id2 != 0x8b) {
      if (first) {
        throw new ZipException("Not in GZIP format");
      }
      pos = lim; // trailing bytes that begin no member: ignored
      return false;
    }
    if (++members > MAX_MEMBERS) {
      throw new LimitExceededException(
          "the gzip data have more than "
              + MAX_MEMBERS
              + " members (a report has one); the rest was not read");
    }
    if (required() != 8) {
      throw new ZipException("Unsupported compression method");
    }
    int flags = required();
    if ((flags & RESERVED) != 0) {
      throw new ZipException("reserved gzip header flags set");
    }
    skip(6); // MTIME, XFL, OS
    if ((flags & FEXTRA) != 0) {
      skip(required() | required() << 8);
    }
    if ((flags & FNAME) != 0) {
      skipText("file name");
    }
    if ((flags & FCOMMENT) != 0) {
      skipText("comment");
    }
    if ((flags & FHCRC) != 0) {
      skip(2);
    }
    inflater.reset();
    inflater.setInput(buf, pos, lim - pos);
    pos = lim;
    crc.reset();
    memberBytes = 0;
    return true;
  }

  private void skipText(String what) throws IOException {
    for (int i = 0; required() != 0; i++) {
      if (i >= MAX_HEADER_TEXT) {
        throw new ZipException("gzip header " + what + " longer than " + MAX_HEADER_TEXT);
      }
    }
  }

  private long uint32() throws IOException {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (long) required() << (8 * i);
    }
    return v;
  }

  private void skip(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      required();
    }
  }

  private int required() throws IOException {
    int c = next();
    if (c < 0) {
      throw new EOFException("Unexpected end of ZLIB input stream");
    }
    return c;
  }

  private int next() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  /** Reads more compressed bytes into the (used up) buffer; false at their end. */
  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      pos = 0;
      lim = 0;
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }
}
