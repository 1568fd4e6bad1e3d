// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import com.google.common.net.InternetDomainName;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The public suffix list compiled into Guava, with the publicsuffix.org default rule {@code *}
 * added (Guava has none: a name under an unlisted TLD has no public suffix there).
 */
final class GuavaPublicSuffixList implements PublicSuffixList {
  static final GuavaPublicSuffixList INSTANCE = new GuavaPublicSuffixList();

  private GuavaPublicSuffixList() {}

  @Override
  public Optional<String> registrableDomain(String domain) {
    Objects.requireNonNull(domain, "domain");
    String name = normalize(domain);
    if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
      return Optional.empty();
    }
    InternetDomainName idn;
    try {
      idn = InternetDomainName.from(name);
    } catch (IllegalArgumentException e) {
      return defaultRule(name);
    }
    if (idn.isPublicSuffix()) {
      return Optional.empty();
    }
    if (idn.isUnderPublicSuffix()) {
      String top = idn.topPrivateDomain().toString();
      // keep the letters of the input: take as many labels from the input as the result has
      int labels = top.split("\\.").length;
      return Optional.of(lastLabels(name, labels));
    }
    return defaultRule(name);
  }

  @Override
  public boolean isPublicSuffix(String domain) {
    String name = normalize(domain);
    if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
      return false;
    }
    try {
      InternetDomainName idn = InternetDomainName.from(name);
      return idn.isPublicSuffix() || (!idn.hasPublicSuffix() && !name.contains("."));
    } catch (IllegalArgumentException e) {
      return !name.contains(".");
    }
  }

  private static Optional<String> defaultRule(String name) {
    int dots = (int) name.chars().filter(c -> c == '.').count();
    return dots == 0 ? Optional.empty() : Optional.of(lastLabels(name, 2));
  }

  private static String lastLabels(String name, int count) {
    int idx = name.length();
    for (int i = 0; i < count; i++) {
      idx = name.lastIndexOf('.', idx - 1);
      if (idx < 0) {
        return name;
      }
    }
    return name.substring(idx + 1);
  }

  private static String normalize(String domain) {
    String lower = domain.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
