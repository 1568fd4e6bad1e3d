// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Decompression bombs built in memory in milliseconds, never committed: a 1 MiB run of one byte is
 * deflated once with a sync flush (which ends on a byte boundary and refers to nothing before it)
 * and repeated, then a final empty block is added. The result is a valid deflate stream that
 * expands to {@code prefix + n} MiB; gzip and zip wrappers carry the right CRC-32 and sizes.
 */
public final class Bombs {
  private Bombs() {}

  /** Raw deflate data, the CRC-32 and the length of what it expands to. */
  public record Deflated(byte[] data, long crc, long size) {}

  /** {@code prefix} followed by {@code mebibytes} MiB of {@code fill}, deflated. */
  public static Deflated deflate(String prefix, byte fill, int mebibytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CRC32 crc = new CRC32();
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(flushed(head));
    crc.update(head);
    byte[] mib = new byte[1 << 20];
    Arrays.fill(mib, fill);
    byte[] chunk = flushed(mib);
    for (int i = 0; i < mebibytes; i++) {
      out.writeBytes(chunk);
      crc.update(mib);
    }
    Deflater last = new Deflater(Deflater.BEST_COMPRESSION, true);
    last.finish();
    byte[] buf = new byte[64];
    while (!last.finished()) {
      out.write(buf, 0, last.deflate(buf));
    }
    last.end();
    return new Deflated(out.toByteArray(), crc.getValue(), head.length + ((long) mebibytes << 20));
  }

  private static byte[] flushed(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    do {
      n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
      out.write(buf, 0, n);
    } while (n == buf.length || !d.needsInput());
    d.end();
    return out.toByteArray();
  }

  /** The deflate data as a gzip file (RFC 1952). */
  public static byte[] gzip(Deflated d) {
    ByteBuffer b = ByteBuffer.allocate(d.data().length + 18).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    b.put(d.data());
    b.putInt((int) d.crc());
    b.putInt((int) d.size());
    return b.array();
  }

  /** The deflate data as the one member of a zip archive. */
  public static byte[] zip(String name, Deflated d) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(30 + n.length + d.data().length + 46 + n.length + 22)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 8);
    b.putShort((short) 0).putShort((short) 0x21);
    b.putInt((int) d.crc()).putInt(d.data().length).putInt((int) d.size());
    b.putShort((short) n.length).putShort((short) 0).put(n).put(d.data());
    int central = b.position();
    b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0);
    b.putShort((short) 8).putShort((short) 0).putShort((short) 0x21);
    b.putInt((int) d.crc()).putInt(d.data().length).putInt((int) d.size());
    b.putShort((short) n.length).putShort((short) 0).putShort((short) 0);
    b.putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).put(n);
    int centralSize = b.position() - central;
    b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    b.putShort((short) 1).putShort((short) 1).putInt(centralSize).putInt(central);
    b.putShort((short) 0);
    return b.array();
  }
}
