// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes MaxMind DB files (format 2.0, IPv6 tree, 32-bit records), written from the public
 * specification. Values are maps of strings to strings, unsigned integers (as {@link Long}) or
 * nested maps; IPv4 networks go under {@code ::/96} as the specification asks. Equal values are
 * stored once. Not thread-safe.
 *
 * @see <a href="https://maxmind.github.io/MaxMind-DB/">MaxMind DB File Format Specification</a>
 */
public final class MmdbWriter {
  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };
  private static final int EMPTY = -1;

  private final String databaseType;
  private final String description;
  private int[] left = new int[1024];
  private int[] right = new int[1024];
  private int nodes = 1;
  private final Map<Object, Integer> valueIds = new HashMap<>();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private int[] valueOffsets = new int[64];

  /**
   * A writer.
   *
   * @param databaseType the metadata {@code database_type}, for example {@code DBIP-ASN-Lite}
   * @param description the English description
   */
  public MmdbWriter(String databaseType, String description) {
    this.databaseType = Objects.requireNonNull(databaseType, "databaseType");
    this.description = Objects.requireNonNull(description, "description");
    Arrays.fill(left, EMPTY);
    Arrays.fill(right, EMPTY);
  }

  /** The number of tree nodes so far. */
  public int nodeCount() {
    return nodes;
  }

  /**
   * Inserts a network with its value; networks must not overlap earlier ones except by being inside
   * them (a more specific network splits the earlier one).
   */
  public void insert(InetAddress network, int prefixLength, Map<String, ?> value) {
    byte[] addr = network.getAddress();
    int bits = addr.length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " for " + network);
    }
    byte[] v6 = addr;
    int len = prefixLength;
    if (network instanceof Inet4Address) {
      v6 = new byte[16];
      System.arraycopy(addr, 0, v6, 12, 4);
      len = prefixLength + 96;
    }
    if (len == 0) {
      throw new IllegalArgumentException("cannot insert ::/0");
    }
    int id = valueId(value);
    int node = 0;
    for (int depth = 0; depth < len; depth++) {
      boolean one = ((v6[depth >> 3] >> (7 - (depth & 7))) & 1) == 1;
      int rec = one ? right[node] : left[node];
      if (depth == len - 1) {
        set(node, one, -(id + 2));
        return;
      }
      if (rec < EMPTY) {
        // a less specific network holds this branch: split it
        int child = newNode();
        left[child] = rec;
        right[child] = rec;
        set(node, one, child);
        node = child;
      } else if (rec == EMPTY) {
        int child = newNode();
        set(node, one, child);
        node = child;
      } else {
        node = rec;
      }
    }
  }

  /** Inserts every CIDR block of an inclusive range of addresses of one family. */
  public void insertRange(InetAddress first, InetAddress last, Map<String, ?> value) {
    int bits = first.getAddress().length * 8;
    if (last.getAddress().length * 8 != bits) {
      throw new IllegalArgumentException("mixed address families: " + first + " - " + last);
    }
    BigInteger start = new BigInteger(1, first.getAddress());
    BigInteger end = new BigInteger(1, last.getAddress());
    if (start.compareTo(end) > 0) {
      throw new IllegalArgumentException("range start after end: " + first + " - " + last);
    }
    int guard = 0;
    while (start.compareTo(end) <= 0 && guard++ < 512) {
      int size = start.signum() == 0 ? bits : start.getLowestSetBit();
      size = Math.min(size, bits);
      while (size > 0
          && start.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(end)
              > 0) {
        size--;
      }
      insert(toAddress(start, bits / 8), bits - size, value);
      start = start.add(BigInteger.ONE.shiftLeft(size));
    }
  }

  /**
   * Writes the database.
   *
   * @throws IOException if the stream fails
   */
  public void write(OutputStream out) throws IOException {
    long nodeCount = nodes;
    byte[] tree = new byte[nodes * 8];
    for (int n = 0; n < nodes; n++) {
      putInt(tree, n * 8, record(left[n], nodeCount));
      putInt(tree, n * 8 + 4, record(right[n], nodeCount));
    }
    out.write(tree);
    out.write(new byte[16]);
    data.writeTo(out);
    out.write(METADATA_MARKER);
    Map<String, Object> meta = new java.util.LinkedHashMap<>();
    meta.put("binary_format_major_version", new U16(2));
    meta.put("binary_format_minor_version", new U16(0));
    meta.put("build_epoch", new U64(System.currentTimeMillis() / 1000));
    meta.put("database_type", databaseType);
    meta.put("description", Map.of("en", description));
    meta.put("ip_version", new U16(6));
    meta.put("languages", List.of("en"));
    meta.put("node_count", nodeCount);
    meta.put("record_size", new U16(32));
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    encode(m, meta);
    m.writeTo(out);
  }

  /** A value to encode as {@code uint16} (metadata needs it). */
  private record U16(int value) {}

  /** A value to encode as {@code uint64} (metadata's build_epoch is one). */
  private record U64(long value) {}

  private long record(int rec, long nodeCount) {
    if (rec == EMPTY) {
      return nodeCount;
    }
    if (rec >= 0) {
      return rec;
    }
    long r = nodeCount + 16 + valueOffsets[-(rec + 2)];
    if (r > 0xFFFF_FFFFL) {
      throw new IllegalStateException("database too large for 32-bit records");
    }
    return r;
  }

  private int valueId(Map<String, ?> value) {
    Integer id = valueIds.get(value);
    if (id != null) {
      return id;
    }
    int next = valueIds.size();
    if (next == valueOffsets.length) {
      valueOffsets = Arrays.copyOf(valueOffsets, next * 2);
    }
    valueOffsets[next] = data.size();
    encode(data, value);
    valueIds.put(Map.copyOf(value), next);
    return next;
  }

  private int newNode() {
    if (nodes == left.length) {
      int size = nodes * 2;
      left = Arrays.copyOf(left, size);
      right = Arrays.copyOf(right, size);
      Arrays.fill(left, nodes, size, EMPTY);
      Arrays.fill(right, nodes, size, EMPTY);
    }
    return nodes++;
  }

  private void set(int node, boolean one, int value) {
    if (one) {
      right[node] = value;
    } else {
      left[node] = value;
    }
  }

  private static void encode(ByteArrayOutputStream out, Object value) {
    if (value instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      control(out, 2, b.length);
      out.writeBytes(b);
    } else if (value instanceof U16 u) {
      unsigned(out, 5, u.value());
    } else if (value instanceof U64 u) {
      unsigned(out, 9, u.value());
    } else if (value instanceof Long l) {
      if (l < 0) {
        throw new IllegalArgumentException("negative value: " + l);
      }
      if (l <= 0xFFFF_FFFFL) {
        unsigned(out, 6, l);
      } else {
        unsigned(out, 9, l);
      }
    } else if (value instanceof Integer i) {
      encode(out, i.longValue());
    } else if (value instanceof Map<?, ?> map) {
      control(out, 7, map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        encode(out, (String) e.getKey());
        encode(out, e.getValue());
      }
    } else if (value instanceof List<?> list) {
      control(out, 11, list.size());
      for (Object o : list) {
        encode(out, o);
      }
    } else {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getName());
    }
  }

  private static void unsigned(ByteArrayOutputStream out, int type, long v) {
    int n = 0;
    for (long x = v; x != 0; x >>>= 8) {
      n++;
    }
    control(out, type, n);
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xFF);
    }
  }

  private static void control(ByteArrayOutputStream out, int type, int size) {
    int typeBits = type <= 7 ? type : 0;
    int sizeBits;
    byte[] extra;
    if (size < 29) {
      sizeBits = size;
      extra = new byte[0];
    } else if (size < 285) {
      sizeBits = 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 65_821) {
      sizeBits = 30;
      int s = size - 285;
      extra = new byte[] {(byte) (s >> 8), (byte) s};
    } else {
      sizeBits = 31;
      int s = size - 65_821;
      extra = new byte[] {(byte) (s >> 16), (byte) (s >> 8), (byte) s};
    }
    out.write((typeBits << 5) | sizeBits);
    if (type > 7) {
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }

  private static void putInt(byte[] b, int at, long v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static InetAddress toAddress(BigInteger v, int bytes) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[bytes];
    int copy = Math.min(raw.length, bytes);
    System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
