// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The publicsuffix.org algorithm over rules read from a list file. Rules are matched on A-labels,
 * so Unicode and punycode input give the same answer; the result keeps the labels of the input.
 * Both the ICANN and the PRIVATE sections are used, as OpenDMARC and Mail::DMARC do.
 */
final class RuleBasedPublicSuffixList implements PublicSuffixList {
  private final Set<String> rules;
  private final Set<String> wildcards;
  private final Set<String> exceptions;

  private RuleBasedPublicSuffixList(
      Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
    this.rules = Set.copyOf(rules);
    this.wildcards = Set.copyOf(wildcards);
    this.exceptions = Set.copyOf(exceptions);
  }

  /**
   * Reads a list file in the publicsuffix.org format.
   *
   * @throws IOException if the file cannot be read
   */
  static RuleBasedPublicSuffixList load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r);
    }
  }

  /**
   * Parses list text in the publicsuffix.org format: one rule per line, {@code //} comments, {@code
   * *.} wildcards and {@code !} exceptions. Only the first whitespace-delimited word of a line
   * counts. Rules that are not valid domain names are skipped.
   *
   * @throws IOException if the reader fails
   */
  static RuleBasedPublicSuffixList parse(Reader text) throws IOException {
    Set<String> rules = new HashSet<>();
    Set<String> wildcards = new HashSet<>();
    Set<String> exceptions = new HashSet<>();
    BufferedReader br = text instanceof BufferedReader b ? b : new BufferedReader(text);
    for (String line = br.readLine(); line != null; line = br.readLine()) {
      String rule = line.strip();
      int space = indexOfWhitespace(rule);
      if (space >= 0) {
        rule = rule.substring(0, space);
      }
      if (rule.isEmpty() || rule.startsWith("//")) {
        continue;
      }
      if (rule.startsWith("!")) {
        toAscii(rule.substring(1)).ifPresent(exceptions::add);
      } else if (rule.startsWith("*.")) {
        toAscii(rule.substring(2)).ifPresent(wildcards::add);
      } else {
        toAscii(rule).ifPresent(rules::add);
      }
    }
    return new RuleBasedPublicSuffixList(rules, wildcards, exceptions);
  }

  /**
   * The registrable domain of a name: its public suffix plus one label, in the letters of the
   * input, lower case. Empty when the name is itself a public suffix, is not a valid name (empty
   * labels, a leading dot), or is null-like.
   */
  @Override
  public Optional<String> registrableDomain(String domain) {
    Objects.requireNonNull(domain, "domain");
    String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    if (name.isEmpty() || name.startsWith(".")) {
      return Optional.empty();
    }
    String[] labels = name.toLowerCase(Locale.ROOT).split("\\.", -1);
    String[] ascii = new String[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i].isEmpty()) {
        return Optional.empty();
      }
      Optional<String> a = toAscii(labels[i]);
      if (a.isEmpty()) {
        return Optional.empty();
      }
      ascii[i] = a.get();
    }
    int suffixLabels = publicSuffixLabelCount(ascii);
    if (suffixLabels >= labels.length) {
      return Optional.empty();
    }
    return Optional.of(
        String.join(
            ".", Arrays.copyOfRange(labels, labels.length - suffixLabels - 1, labels.length)));
  }

  /** Whether the name is exactly a public suffix (under the default rule {@code *}). */
  @Override
  public boolean isPublicSuffix(String domain) {
    String name = domain.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty()) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      Optional<String> a = toAscii(labels[i]);
      if (labels[i].isEmpty() || a.isEmpty()) {
        return false;
      }
      labels[i] = a.get();
    }
    return publicSuffixLabelCount(labels) == labels.length;
  }

  /** Number of labels of the longest matching rule; the default rule {@code *} gives 1. */
  private int publicSuffixLabelCount(String[] labels) {
    int best = 1;
    StringBuilder suffix = new StringBuilder();
    for (int i = labels.length - 1; i >= 0; i--) {
      if (suffix.length() > 0) {
        suffix.insert(0, '.');
      }
      suffix.insert(0, labels[i]);
      String s = suffix.toString();
      int count = labels.length - i;
      if (exceptions.contains(s)) {
        return count - 1; // an exception rule wins and removes its left-most label
      }
      if (rules.contains(s)) {
        best = Math.max(best, count);
      }
      if (i > 0 && wildcards.contains(s)) {
        best = Math.max(best, count + 1);
      }
    }
    return best;
  }

  private static Optional<String> toAscii(String name) {
    try {
      String a = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      return a.isEmpty() ? Optional.empty() : Optional.of(a);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
