// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The BIMI logo and mark certificate: the SVG at {@code l=} against SVG Tiny P/S, and the VMC/CMC
 * at {@code a=}: parses as PEM, valid now and for more than a day, covers the domain, leads to a
 * listed mark certificate authority, and embeds the same logo (logotype extension).
 */
final class BimiAssetsAudit {
  private BimiAssetsAudit() {}

  static void run(AuditContext ctx, String l, String a, List<String> recordEvidence) {
    BimiSource source = ctx.options.bimi();
    if (source == null) {
      return;
    }
    byte[] svg = null;
    if (isHttps(l)) {
      BimiSource.Response r = fetch(source, l, BimiSource.MAX_SVG_BYTES);
      svg = usable(r);
      if (svg == null) {
        ctx.add(
            CheckId.BIMI_LOGO_UNREACHABLE,
            "The BIMI logo cannot be fetched: " + why(r),
            ev(recordEvidence, r));
      } else {
        ctx.record(AuditSection.BIMI, "logo: " + l + " (" + svg.length + " bytes)");
        for (SvgTinyPs.Problem p : SvgTinyPs.check(svg)) {
          ctx.add(p.id(), "BIMI logo: " + p.message(), ev(recordEvidence, r));
        }
      }
    }
    if (isHttps(a)) {
      BimiSource.Response r = fetch(source, a, BimiSource.MAX_CERTIFICATE_BYTES);
      byte[] pem = usable(r);
      if (pem == null) {
        ctx.add(
            CheckId.BIMI_CERT_UNREACHABLE,
            "The mark certificate cannot be fetched: " + why(r),
            ev(recordEvidence, r));
        return;
      }
      certificate(ctx, pem, svg, ev(recordEvidence, r));
    }
  }

  private static void certificate(
      AuditContext ctx, byte[] pem, byte @Nullable [] svg, List<String> ev) {
    List<X509Certificate> chain;
    try {
      chain = CertificateChecks.parse(pem);
    } catch (CertificateException | RuntimeException e) {
      ctx.add(
          CheckId.BIMI_CERT_INVALID,
          "The mark certificate is not a PEM certificate: "
              + CertificateChecks.shorten(String.valueOf(e.getMessage())),
          ev);
      return;
    }
    if (chain.isEmpty()) {
      ctx.add(CheckId.BIMI_CERT_INVALID, "The mark certificate file holds no certificate", ev);
      return;
    }
    X509Certificate leaf = chain.get(0);
    List<String> cev = new ArrayList<>(ev);
    cev.add("subject: " + CertificateChecks.shorten(leaf.getSubjectX500Principal().getName()));
    cev.add("issuer: " + CertificateChecks.shorten(leaf.getIssuerX500Principal().getName()));
    cev.add("valid: " + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant());
    List<String> names = CertificateChecks.dnsNames(leaf);
    cev.add("domains: " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
    ctx.record(
        AuditSection.BIMI,
        "certificate: " + CertificateChecks.shorten(leaf.getSubjectX500Principal().getName()));
    Instant now = Instant.now();
    String validity = CertificateChecks.validityProblem(leaf, now);
    if (validity != null) {
      ctx.add(CheckId.BIMI_CERT_EXPIRED, "The mark certificate is not valid: " + validity, cev);
    } else if (Duration.between(now, leaf.getNotAfter().toInstant()).compareTo(Duration.ofDays(1))
        < 0) {
      ctx.add(
          CheckId.BIMI_CERT_EXPIRING,
          "The mark certificate will expire in less than a day ("
              + leaf.getNotAfter().toInstant()
              + ")",
          cev);
    }
    if (names.stream().noneMatch(n -> covers(n, ctx.domain))) {
      ctx.add(CheckId.BIMI_CERT_DOMAIN, "The mark certificate does not cover " + ctx.domain, cev);
    }
    if (ctx.options.markAuthorities().isEmpty()) {
      ctx.add(
          CheckId.BIMI_CERT_CHAIN_NOT_CHECKED,
          "The issuer of the mark certificate was not checked (no authority list given)",
          cev);
    } else {
      String chainProblem =
          CertificateChecks.chainProblem(chain, ctx.options.markAuthorities(), now);
      if (chainProblem != null) {
        ctx.add(
            CheckId.BIMI_CERT_UNTRUSTED,
            "The mark certificate is not trusted: " + chainProblem,
            cev);
      }
    }
    logo(ctx, leaf, svg, cev);
  }

  private static void logo(
      AuditContext ctx, X509Certificate leaf, byte @Nullable [] svg, List<String> ev) {
    byte[] ext = leaf.getExtensionValue(Logotype.OID);
    if (ext == null) {
      ctx.add(
          CheckId.BIMI_CERT_NO_LOGO,
          "The certificate has no embedded logo (logotype extension)",
          ev);
      return;
    }
    List<Logotype.Image> images;
    try {
      images = Logotype.images(ext);
    } catch (IllegalArgumentException e) {
      ctx.add(
          CheckId.BIMI_CERT_NO_LOGO,
          "The logotype extension cannot be read: " + e.getMessage(),
          ev);
      return;
    }
    if (images.isEmpty()) {
      ctx.add(CheckId.BIMI_CERT_NO_LOGO, "The logotype extension holds no image", ev);
      return;
    }
    if (svg == null) {
      return; // nothing to compare with; the logo problem is reported already
    }
    List<String> lev = new ArrayList<>(ev);
    for (Logotype.Image img : images) {
      for (Logotype.Hash h : img.hashes()) {
        lev.add(
            "certificate logo "
                + img.mediaType()
                + " "
                + h.algorithm()
                + " "
                + HexFormat.of().formatHex(h.value()));
        byte[] mine = digest(h.algorithm(), svg);
        if (mine != null) {
          lev.add("l= logo " + h.algorithm() + " " + HexFormat.of().formatHex(mine));
        }
      }
      if (matches(img, svg)) {
        ctx.record(AuditSection.BIMI, "the logo matches the one in the certificate");
        return;
      }
    }
    ctx.add(
        CheckId.BIMI_CERT_LOGO_MISMATCH,
        "The image at the l= URL does not match the image embedded in the certificate",
        lev);
  }

  /** Whether the served SVG is the certified image: the same hash, or the same embedded content. */
  private static boolean matches(Logotype.Image img, byte[] svg) {
    for (Logotype.Hash h : img.hashes()) {
      byte[] mine = digest(h.algorithm(), svg);
      if (mine != null && MessageDigest.isEqual(mine, h.value())) {
        return true;
      }
    }
    for (String uri : img.uris()) {
      try {
        byte[] embedded = Logotype.dataUriContent(uri);
        if (embedded != null
            && normalized(embedded).equals(normalized(Logotype.gunzipIfCompressed(svg)))) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // an unreadable data URI does not match
      }
    }
    return false;
  }

  private static String normalized(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
  }

  private static byte @Nullable [] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
  }

  /** Whether a certificate name covers the domain: the same name or a parent of it. */
  static boolean covers(String name, String domain) {
    String n = name.toLowerCase(Locale.ROOT);
    return domain.equals(n) || domain.endsWith("." + n) || CertificateChecks.nameMatches(n, domain);
  }

  private static BimiSource.Response fetch(BimiSource s, String url, int max) {
    try {
      return s.fetch(url, max);
    } catch (RuntimeException e) {
      return new BimiSource.Response(url, 0, null, null, "the fetch failed: " + e);
    }
  }

  private static byte @Nullable [] usable(BimiSource.Response r) {
    return r.error() == null && r.status() == 200 ? r.body() : null;
  }

  private static String why(BimiSource.Response r) {
    return r.error() != null ? r.error() : r.status() == 0 ? "no response" : "HTTP " + r.status();
  }

  private static List<String> ev(List<String> recordEvidence, BimiSource.Response r) {
    List<String> out = new ArrayList<>(recordEvidence);
    out.add(
        "GET "
            + r.url()
            + " -> "
            + (r.status() == 0 ? "no response" : "HTTP " + r.status())
            + (r.contentType() == null ? "" : ", Content-Type: " + r.contentType()));
    return out;
  }

  private static boolean isHttps(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("https://");
  }
}
