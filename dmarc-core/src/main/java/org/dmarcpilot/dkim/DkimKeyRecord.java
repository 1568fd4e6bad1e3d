// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordIssue.Kind;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.internal.TagValueList;

/**
 * A DKIM public key record, published at {@code <selector>._domainkey.<domain>} (RFC 6376 §3.6.1,
 * RFC 8463 for Ed25519).
 *
 * <pre>{@code
 * DkimKeyRecord k = DkimKeyRecord.parse("v=DKIM1; k=rsa; p=MIIBIjANBgkqh...");
 * k.keyBits();       // 2048
 * k.revoked();       // false (an empty p= means revoked)
 * k.publicKey();     // a java.security.PublicKey for the verifier
 * }</pre>
 *
 * <p>The record is strict, as RFC 6376 asks: a tag-list that does not parse, a duplicate tag, a
 * {@code v} that is not first or not {@code DKIM1}, a missing {@code p}, an unknown key type, or
 * key data that is not a key of its type make {@link #parse} throw (a verifier's "key syntax
 * error"). Unknown tags, hash algorithms, service types and flags are ignored with an issue.
 *
 * @param text the record as given
 * @param keyType {@code k}, default RSA
 * @param publicKeyData {@code p}, base64 without whitespace; empty when the key is revoked
 * @param hashAlgorithms {@code h}: the acceptable hash algorithms, lower case; empty means all
 * @param serviceTypes {@code s}: lower case, default {@code *}
 * @param flags {@code t}: lower case ({@code y} testing, {@code s} strict)
 * @param notes {@code n}, as written, or an empty string
 * @param keyBits the key size in bits (RSA modulus length; 256 for Ed25519); 0 when revoked
 */
public record DkimKeyRecord(
    String text,
    DkimKeyType keyType,
    String publicKeyData,
    List<String> hashAlgorithms,
    List<String> serviceTypes,
    Set<String> flags,
    String notes,
    int keyBits) {

  public DkimKeyRecord {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(publicKeyData, "publicKeyData");
    hashAlgorithms = List.copyOf(hashAlgorithms);
    serviceTypes = List.copyOf(serviceTypes);
    flags = Set.copyOf(flags);
    Objects.requireNonNull(notes, "notes");
  }

  /**
   * Parses a key record.
   *
   * @throws RecordSyntaxException naming the problem and its position
   */
  public static DkimKeyRecord parse(String text) throws RecordSyntaxException {
    return parse(text, new ArrayList<>());
  }

  /**
   * Parses a key record and adds the ignored parts to {@code issues}.
   *
   * @throws RecordSyntaxException naming the problem and its position
   */
  public static DkimKeyRecord parse(String text, List<RecordIssue> issues)
      throws RecordSyntaxException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(issues, "issues");
    TagValueList list = TagValueList.parse(text);
    if (!list.problems().isEmpty()) {
      TagValueList.Problem p = list.problems().get(0);
      throw new RecordSyntaxException(text, p.index(), p.message());
    }
    if (list.tags().isEmpty()) {
      throw new RecordSyntaxException(text, 0, "empty key record");
    }
    Set<String> seen = new HashSet<>();
    DkimKeyType type = DkimKeyType.RSA;
    String key = null;
    int keyIndex = -1;
    List<String> hashes = List.of();
    List<String> services = List.of("*");
    Set<String> flags = Set.of();
    String notes = "";
    for (int i = 0; i < list.tags().size(); i++) {
      TagValueList.Tag t = list.tags().get(i);
      String name = t.name();
      if (!seen.add(name)) {
        throw new RecordSyntaxException(text, t.nameIndex(), "duplicate tag " + name);
      }
      switch (name) {
        case "v" -> {
          if (i != 0) {
            throw new RecordSyntaxException(text, t.nameIndex(), "v must be the first tag");
          }
          if (!t.value().equals("DKIM1")) {
            throw new RecordSyntaxException(
                text, t.valueIndex(), "unknown version \"" + t.value() + "\" (expected DKIM1)");
          }
        }
        case "k" -> {
          String k = t.value().toLowerCase(Locale.ROOT);
          type =
              switch (k) {
                case "rsa" -> DkimKeyType.RSA;
                case "ed25519" -> DkimKeyType.ED25519;
                default ->
                    throw new RecordSyntaxException(
                        text, t.valueIndex(), "unknown key type k=" + t.value());
              };
        }
        case "p" -> {
          key = stripWhitespace(t.value());
          keyIndex = t.valueIndex();
        }
        case "h" -> hashes = list(t, issues, Set.of("sha1", "sha256"), "hash algorithm");
        case "s" -> {
          services = list(t, issues, Set.of("email", "*"), "service type");
          if (!services.contains("email") && !services.contains("*")) {
            issues.add(
                new RecordIssue(
                    Kind.UNSUPPORTED,
                    "s",
                    t.nameIndex(),
                    "the key is not for e-mail (s=" + t.value() + ")"));
          }
        }
        case "t" -> flags = new HashSet<>(list(t, issues, Set.of("y", "s"), "flag"));
        case "n" -> notes = t.value();
        default ->
            issues.add(
                new RecordIssue(
                    Kind.UNKNOWN_TAG, name, t.nameIndex(), "unknown tag " + name + "; ignored"));
      }
    }
    if (key == null) {
      throw new RecordSyntaxException(text, -1, "the p= tag (the public key) is missing");
    }
    int bits = key.isEmpty() ? 0 : keyBits(text, type, key, keyIndex);
    return new DkimKeyRecord(text, type, key, hashes, services, flags, notes, bits);
  }

  /** Whether the key is revoked (an empty {@code p=}). */
  public boolean revoked() {
    return publicKeyData.isEmpty();
  }

  /** Whether the domain is testing DKIM ({@code t=y}). */
  public boolean testing() {
    return flags.contains("y");
  }

  /** Whether {@code i=} must not be a subdomain of {@code d=} ({@code t=s}). */
  public boolean strictSubdomains() {
    return flags.contains("s");
  }

  /** Whether the key may be used for e-mail ({@code s=} has {@code email} or {@code *}). */
  public boolean forEmail() {
    return serviceTypes.contains("email") || serviceTypes.contains("*");
  }

  /**
   * The public key, for verification.
   *
   * @throws IllegalStateException if the key is revoked
   */
  public PublicKey publicKey() {
    if (revoked()) {
      throw new IllegalStateException("the key is revoked (empty p=)");
    }
    try {
      return decode(keyType, Base64.getDecoder().decode(publicKeyData));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("validated at parse time", e);
    }
  }

  private static int keyBits(String text, DkimKeyType type, String key, int at)
      throws RecordSyntaxException {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw new RecordSyntaxException(text, at, "the public key is not valid base64");
    }
    try {
      PublicKey k = decode(type, der);
      return k instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength() : 256;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new RecordSyntaxException(
          text, at, "the public key is not a valid " + type.token() + " key");
    }
  }

  private static PublicKey decode(DkimKeyType type, byte[] der) throws GeneralSecurityException {
    if (type == DkimKeyType.ED25519) {
      if (der.length != 32) {
        throw new GeneralSecurityException("an ed25519 key has 32 bytes, not " + der.length);
      }
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI_PREFIX, der)));
    }
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    try {
      return rsa.generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      // some publish a bare PKCS#1 RSAPublicKey: wrap it in a SubjectPublicKeyInfo
      return rsa.generatePublic(new X509EncodedKeySpec(Der.wrapRsaPublicKey(der)));
    }
  }

  /** SubjectPublicKeyInfo header for a raw Ed25519 key (RFC 8410). */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static List<String> list(
      TagValueList.Tag t, List<RecordIssue> issues, Set<String> known, String what) {
    List<String> out = new ArrayList<>();
    for (String part : t.value().split(":", -1)) {
      String v = part.strip().toLowerCase(Locale.ROOT);
      if (v.isEmpty()) {
        continue;
      }
      if (!known.contains(v)) {
        issues.add(
            new RecordIssue(
                Kind.UNKNOWN_TAG,
                t.name(),
                t.valueIndex(),
                "unknown " + what + " \"" + v + "\"; ignored"));
      }
      out.add(v);
    }
    return out;
  }

  private static String stripWhitespace(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      if (!TagValueList.isWhitespace(s.charAt(i))) {
        sb.append(s.charAt(i));
      }
    }
    return sb.toString();
  }
}
