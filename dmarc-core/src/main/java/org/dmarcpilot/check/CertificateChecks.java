// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/** Certificate checks shared by the STARTTLS and BIMI parts: chain, validity, names. */
final class CertificateChecks {
  private CertificateChecks() {}

  /** The certificate authorities the JDK trusts (its cacerts), for server certificates. */
  static List<X509Certificate> systemAuthorities() {
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init((KeyStore) null);
      List<X509Certificate> out = new ArrayList<>();
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          out.addAll(List.of(x.getAcceptedIssuers()));
        }
      }
      return out;
    } catch (GeneralSecurityException e) {
      return List.of();
    }
  }

  /**
   * Why a chain does not lead to one of the authorities at a time, or null when it does. Revocation
   * is not checked (no network access from here).
   */
  static @Nullable String chainProblem(
      List<X509Certificate> chain, Collection<X509Certificate> authorities, Instant at) {
    if (chain.isEmpty()) {
      return "no certificate";
    }
    if (authorities.isEmpty()) {
      return "no certificate authorities to check against";
    }
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate ca : authorities) {
      anchors.add(new TrustAnchor(ca, null));
    }
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate c : chain) {
      if (anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c))) {
        break; // the anchor itself is not part of the path
      }
      path.add(c);
    }
    if (path.isEmpty()) {
      return null; // the certificate is itself an authority
    }
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      CertPath cp = cf.generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(cp, params);
      return null;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      String m = e.getMessage();
      return "the certificate chain does not lead to a trusted authority"
          + (m == null ? "" : " (" + shorten(m) + ")");
    }
  }

  /** Why the certificate is not valid at a time, or null when it is. */
  static @Nullable String validityProblem(X509Certificate c, Instant at) {
    Instant from = c.getNotBefore().toInstant();
    Instant to = c.getNotAfter().toInstant();
    if (at.isBefore(from)) {
      return "the certificate is not valid before " + from;
    }
    if (at.isAfter(to)) {
      return "the certificate expired on " + to;
    }
    return null;
  }

  /** The DNS names in the subject alternative name extension, lower case. */
  static List<String> dnsNames(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = c.getSubjectAlternativeNames();
      if (sans == null) {
        return out;
      }
      for (List<?> san : sans) {
        if (san.size() >= 2
            && Integer.valueOf(2).equals(san.get(0))
            && san.get(1) instanceof String s) {
          out.add(s.toLowerCase(Locale.ROOT));
        }
      }
    } catch (CertificateParsingException e) {
      // no usable names
    }
    return out;
  }

  /** Whether a certificate name (possibly {@code *.example.com}) matches a host name. */
  static boolean nameMatches(String pattern, String host) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    if (p.endsWith(".")) {
      p = p.substring(0, p.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (p.startsWith("*.")) {
      int dot = h.indexOf('.');
      return dot > 0 && h.substring(dot + 1).equals(p.substring(2));
    }
    return p.equals(h);
  }

  /** Parses certificates (PEM or DER); an empty list when there are none. */
  static List<X509Certificate> parse(byte[] data) throws CertificateException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (java.security.cert.Certificate c :
        cf.generateCertificates(new java.io.ByteArrayInputStream(data))) {
      if (c instanceof X509Certificate x) {
        out.add(x);
      }
    }
    return out;
  }

  static String shorten(String s) {
    String one = s.replace('\n', ' ').replace('\r', ' ');
    return one.length() <= 200 ? one : one.substring(0, 200) + "...";
  }
}
