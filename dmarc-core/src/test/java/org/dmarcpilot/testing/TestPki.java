// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Real X.509 certificates for tests, encoded here in DER and signed with ECDSA P-256 by the JDK: a
 * certificate authority, leaf certificates it signs with chosen names, validity and a logotype
 * extension, PEM files and TLS server contexts. (keytool makes the same certificates but takes
 * seconds per call on a loaded machine.)
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(1000);
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  /** A key pair and its certificate. */
  public record Issued(KeyPair keys, X509Certificate certificate) {}

  private TestPki() {}

  /** A self-signed certificate authority valid from a day ago for 30 days. */
  public static Issued ca(String cn) {
    KeyPair k = keyPair();
    Instant now = Instant.now();
    return new Issued(
        k,
        sign(
            cn,
            cn,
            k,
            k,
            now.minusSeconds(86400),
            now.plusSeconds(30 * 86400),
            true,
            List.of(),
            null));
  }

  /** A leaf certificate signed by the CA (self-signed when ca is null). */
  public static Issued issue(
      @Nullable Issued ca,
      String cn,
      Instant notBefore,
      Instant notAfter,
      List<String> dnsNames,
      byte @Nullable [] logotype) {
    KeyPair k = keyPair();
    String issuer = ca == null ? cn : cn(ca.certificate());
    KeyPair signer = ca == null ? k : ca.keys();
    return new Issued(
        k, sign(cn, issuer, k, signer, notBefore, notAfter, false, dnsNames, logotype));
  }

  /** Certificates in PEM, in order. */
  public static byte[] pem(X509Certificate... certs) {
    StringBuilder sb = new StringBuilder();
    try {
      for (X509Certificate c : certs) {
        sb.append("-----BEGIN CERTIFICATE-----\n")
            .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A server TLS context presenting this certificate. */
  public static SSLContext serverContext(Issued server) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "changeit".toCharArray();
      ks.setKeyEntry(
          "server", server.keys().getPrivate(), pw, new X509Certificate[] {server.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The DER of a logotype extension (RFC 3709) embedding an SVG as a gzip-compressed base64 data
   * URI with the SHA-256 of the compressed bytes, as mark certificates do.
   */
  public static byte[] logotypeExtension(byte[] svg) {
    byte[] gz = gzip(svg);
    String uri = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(gz);
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(gz);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    byte[] details =
        tlv(
            0x30,
            tlv(0x16, "image/svg+xml".getBytes(StandardCharsets.US_ASCII)),
            tlv(
                0x30,
                tlv(0x30, tlv(0x30, oid("2.16.840.1.101.3.4.2.1"), tlv(0x05)), tlv(0x04, hash))),
            tlv(0x30, tlv(0x16, uri.getBytes(StandardCharsets.US_ASCII))));
    byte[] image = tlv(0x30, details);
    byte[] data = tlv(0xA0, tlv(0x30, image));
    return tlv(0x30, tlv(0xA2, data));
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cn(X509Certificate c) {
    String n = c.getSubjectX500Principal().getName();
    return n.startsWith("CN=") ? n.substring(3) : n;
  }

  private static X509Certificate sign(
      String subject,
      String issuer,
      KeyPair subjectKeys,
      KeyPair issuerKeys,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      List<String> dnsNames,
      byte @Nullable [] logotype) {
    byte[] alg = tlv(0x30, oid("1.2.840.10045.4.3.2"));
    List<byte[]> ext = new ArrayList<>();
    if (ca) {
      ext.add(
          tlv(
              0x30,
              oid("2.5.29.19"),
              tlv(0x01, new byte[] {-1}),
              tlv(0x04, tlv(0x30, tlv(0x01, new byte[] {-1})))));
      ext.add(
          tlv(
              0x30,
              oid("2.5.29.15"),
              tlv(0x01, new byte[] {-1}),
              tlv(0x04, tlv(0x03, new byte[] {1, 6}))));
    }
    if (!dnsNames.isEmpty()) {
      List<byte[]> names = new ArrayList<>();
      for (String d : dnsNames) {
        names.add(tlv(0x82, d.getBytes(StandardCharsets.US_ASCII)));
      }
      ext.add(tlv(0x30, oid("2.5.29.17"), tlv(0x04, tlv(0x30, names.toArray(byte[][]::new)))));
    }
    if (logotype != null) {
      ext.add(tlv(0x30, oid("1.3.6.1.5.5.7.1.12"), tlv(0x04, logotype)));
    }
    List<byte[]> tbs = new ArrayList<>();
    tbs.add(tlv(0xA0, tlv(0x02, new byte[] {2})));
    tbs.add(tlv(0x02, BigInteger.valueOf(SERIAL.incrementAndGet()).toByteArray()));
    tbs.add(alg);
    tbs.add(name(issuer));
    tbs.add(tlv(0x30, time(notBefore), time(notAfter)));
    tbs.add(name(subject));
    tbs.add(subjectKeys.getPublic().getEncoded());
    if (!ext.isEmpty()) {
      tbs.add(tlv(0xA3, tlv(0x30, ext.toArray(byte[][]::new))));
    }
    byte[] tbsDer = tlv(0x30, tbs.toArray(byte[][]::new));
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(issuerKeys.getPrivate());
      s.update(tbsDer);
      byte[] sig = s.sign();
      byte[] bits = new byte[sig.length + 1];
      System.arraycopy(sig, 0, bits, 1, sig.length);
      byte[] der = tlv(0x30, tbsDer, alg, tlv(0x03, bits));
      return (X509Certificate)
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] name(String cn) {
    return tlv(
        0x30, tlv(0x31, tlv(0x30, oid("2.5.4.3"), tlv(0x0C, cn.getBytes(StandardCharsets.UTF_8)))));
  }

  private static byte[] time(Instant t) {
    return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  public static byte[] oid(String dotted) {
    String[] p = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(p[0]) * 40 + Integer.parseInt(p[1]));
    for (int i = 2; i < p.length; i++) {
      long v = Long.parseLong(p[i]);
      int shift = 63 - Long.numberOfLeadingZeros(v | 1);
      for (int s = (shift / 7) * 7; s > 0; s -= 7) {
        out.write((int) (0x80 | ((v >> s) & 0x7f)));
      }
      out.write((int) (v & 0x7f));
    }
    return tlv(0x06, out.toByteArray());
  }

  /** A DER element. */
  public static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    int n = body.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write((n >> 8) & 0xff);
      out.write(n & 0xff);
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
