// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The images of an X.509 logotype extension (RFC 3709, OID {@value #OID}), read with a small
 * bounded DER reader: depth, node count and sizes are limited, and any malformed input is a {@link
 * IllegalArgumentException} naming the problem. Mark certificates (VMC, CMC) embed the SVG logo as
 * a {@code data:} URI, usually gzip-compressed, with its hash.
 */
final class Logotype {
  /** The logotype extension OID. */
  static final String OID = "1.3.6.1.5.5.7.1.12";

  private static final int MAX_DEPTH = 24;
  private static final int MAX_NODES = 4096;
  private static final int MAX_IMAGE_BYTES = 256 * 1024;

  /**
   * One image: its media type, hashes (algorithm name such as {@code SHA-256}, value) and URIs.
   *
   * @param mediaType such as {@code image/svg+xml}
   * @param hashes the algorithm names and hash values
   * @param uris the URIs (usually one {@code data:} URI)
   */
  record Image(String mediaType, List<Hash> hashes, List<String> uris) {}

  /** A hash of the image. */
  record Hash(String algorithm, byte[] value) {}

  /** A DER node: tag byte, and where its content is. */
  private record Node(int tag, int start, int end) {
    boolean constructed() {
      return (tag & 0x20) != 0;
    }
  }

  private Logotype() {}

  /**
   * The images in an extension value as {@link
   * java.security.cert.X509Certificate#getExtensionValue} returns it (an OCTET STRING around the
   * extension's DER).
   */
  static List<Image> images(byte[] extensionValue) {
    int[] budget = {MAX_NODES};
    Node outer = node(extensionValue, 0, extensionValue.length, budget);
    if (outer.tag() != 0x04) {
      throw new IllegalArgumentException("the extension value is not an OCTET STRING");
    }
    List<Image> out = new ArrayList<>();
    walk(extensionValue, outer.start(), outer.end(), 0, budget, out);
    return out;
  }

  /**
   * Looks for LogotypeDetails: SEQUENCE { IA5String, SEQUENCE OF HashAlgAndValue, SEQUENCE OF
   * IA5String }.
   */
  private static void walk(byte[] d, int from, int to, int depth, int[] budget, List<Image> out) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("the logotype extension is nested too deeply");
    }
    int p = from;
    while (p < to) {
      Node n = node(d, p, to, budget);
      if (n.constructed()) {
        Image img = n.tag() == 0x30 ? details(d, n, budget) : null;
        if (img != null) {
          if (out.size() < 16) {
            out.add(img);
          }
        } else {
          walk(d, n.start(), n.end(), depth + 1, budget, out);
        }
      }
      p = n.end();
    }
  }

  private static @Nullable Image details(byte[] d, Node seq, int[] budget) {
    List<Node> parts = children(d, seq, budget);
    if (parts.size() != 3
        || parts.get(0).tag() != 0x16
        || parts.get(1).tag() != 0x30
        || parts.get(2).tag() != 0x30) {
      return null;
    }
    String mediaType = ascii(d, parts.get(0));
    List<Hash> hashes = new ArrayList<>();
    for (Node h : children(d, parts.get(1), budget)) {
      List<Node> hv = children(d, h, budget);
      if (hv.size() != 2 || hv.get(0).tag() != 0x30 || hv.get(1).tag() != 0x04) {
        return null;
      }
      List<Node> alg = children(d, hv.get(0), budget);
      if (alg.isEmpty() || alg.get(0).tag() != 0x06) {
        return null;
      }
      hashes.add(
          new Hash(
              algorithm(oid(d, alg.get(0))),
              java.util.Arrays.copyOfRange(d, hv.get(1).start(), hv.get(1).end())));
    }
    List<String> uris = new ArrayList<>();
    for (Node u : children(d, parts.get(2), budget)) {
      if (u.tag() != 0x16) {
        return null;
      }
      uris.add(ascii(d, u));
    }
    return new Image(mediaType, hashes, uris);
  }

  /**
   * The bytes of a {@code data:} URI (base64 or percent-free plain), gunzipped when compressed, or
   * null when the URI is not a data URI.
   */
  static byte @Nullable [] dataUriContent(String uri) {
    if (!uri.regionMatches(true, 0, "data:", 0, 5)) {
      return null;
    }
    int comma = uri.indexOf(',');
    if (comma < 0) {
      throw new IllegalArgumentException("data URI without a comma");
    }
    String meta = uri.substring(5, comma).toLowerCase(Locale.ROOT);
    String payload = uri.substring(comma + 1);
    byte[] raw =
        meta.endsWith(";base64")
            ? Base64.getMimeDecoder().decode(payload)
            : payload.getBytes(StandardCharsets.UTF_8);
    return gunzipIfCompressed(raw);
  }

  /**
   * The data itself, or its gzip decompression (at most 256 KiB) when it starts with gzip magic.
   */
  static byte[] gunzipIfCompressed(byte[] raw) {
    if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
      return raw;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      byte[] out = in.readNBytes(MAX_IMAGE_BYTES + 1);
      if (out.length > MAX_IMAGE_BYTES) {
        throw new IllegalArgumentException(
            "the embedded image is larger than " + MAX_IMAGE_BYTES + " bytes");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("the embedded image is not valid gzip: " + e.getMessage());
    }
  }

  private static List<Node> children(byte[] d, Node parent, int[] budget) {
    List<Node> out = new ArrayList<>();
    int p = parent.start();
    while (p < parent.end()) {
      Node n = node(d, p, parent.end(), budget);
      out.add(n);
      p = n.end();
    }
    return out;
  }

  private static Node node(byte[] d, int p, int limit, int[] budget) {
    if (--budget[0] < 0) {
      throw new IllegalArgumentException("the logotype extension has too many elements");
    }
    if (p + 2 > limit) {
      throw new IllegalArgumentException("DER cut off at byte " + p);
    }
    int tag = d[p] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new IllegalArgumentException("DER high tag numbers are not supported (byte " + p + ")");
    }
    int len = d[p + 1] & 0xff;
    int start = p + 2;
    if (len >= 0x80) {
      int count = len & 0x7f;
      if (count == 0 || count > 3 || start + count > limit) {
        throw new IllegalArgumentException("bad DER length at byte " + (p + 1));
      }
      len = 0;
      for (int i = 0; i < count; i++) {
        len = (len << 8) | (d[start + i] & 0xff);
      }
      start += count;
    }
    if (len > limit - start) {
      throw new IllegalArgumentException("DER length " + len + " past the end at byte " + p);
    }
    return new Node(tag, start, start + len);
  }

  private static String ascii(byte[] d, Node n) {
    return new String(d, n.start(), n.end() - n.start(), StandardCharsets.US_ASCII);
  }

  private static String oid(byte[] d, Node n) {
    StringBuilder sb = new StringBuilder();
    long v = 0;
    boolean first = true;
    for (int i = n.start(); i < n.end(); i++) {
      v = (v << 7) | (d[i] & 0x7f);
      if (v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("OID component too large");
      }
      if ((d[i] & 0x80) == 0) {
        if (first) {
          sb.append(v < 80 ? v / 40 : 2).append('.').append(v < 80 ? v % 40 : v - 80);
          first = false;
        } else {
          sb.append('.').append(v);
        }
        v = 0;
      }
    }
    return sb.toString();
  }

  private static String algorithm(String oid) {
    return switch (oid) {
      case "1.3.14.3.2.26" -> "SHA-1";
      case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
      case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
      case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
      default -> oid;
    };
  }
}
