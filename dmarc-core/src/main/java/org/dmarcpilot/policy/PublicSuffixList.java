// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The Public Suffix List: the Organizational Domain of RFC 7489 §3.2 (the registrable domain,
 * "public suffix plus one label"), used in PSL discovery mode.
 *
 * <p>Two sources: the list compiled into Guava ({@link #guava()}, the default) and a list file in
 * the publicsuffix.org format ({@link #load(Path)}), for operators who update it themselves.
 * Implementations are immutable and thread-safe.
 *
 * <pre>{@code
 * PublicSuffixList psl = PublicSuffixList.guava();
 * psl.registrableDomain("mail.example.co.uk");   // Optional[example.co.uk]
 * psl.organizationalDomain("co.uk");              // co.uk (a suffix is its own org domain)
 * }</pre>
 *
 * @see <a href="https://publicsuffix.org/list/">publicsuffix.org</a>
 */
public interface PublicSuffixList {

  /** The list compiled into Guava ({@code com.google.common.net.InternetDomainName}). */
  static PublicSuffixList guava() {
    return GuavaPublicSuffixList.INSTANCE;
  }

  /**
   * Reads a list file in the publicsuffix.org format.
   *
   * @throws IOException if the file cannot be read
   */
  static PublicSuffixList load(Path file) throws IOException {
    return RuleBasedPublicSuffixList.load(file);
  }

  /**
   * Parses list text in the publicsuffix.org format: one rule per line, {@code //} comments, {@code
   * *.} wildcards and {@code !} exceptions.
   *
   * @throws IOException if the reader fails
   */
  static PublicSuffixList parse(Reader text) throws IOException {
    return RuleBasedPublicSuffixList.parse(text);
  }

  /**
   * The registrable domain of a name: its public suffix plus one label, in the letters of the
   * input, lower case, without a trailing dot. Empty when the name is itself a public suffix or is
   * not a valid name (empty labels, a leading dot).
   */
  Optional<String> registrableDomain(String domain);

  /** Whether the name is exactly a public suffix. */
  boolean isPublicSuffix(String domain);

  /**
   * The Organizational Domain in RFC 7489 PSL mode: the registrable domain, or the name itself
   * (lower case, without a trailing dot) when it has none, for example when it is a public suffix.
   */
  default String organizationalDomain(String domain) {
    String lower = domain.toLowerCase(Locale.ROOT);
    String name = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    return registrableDomain(name).orElse(name);
  }
}
