// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.Policy;
import org.jspecify.annotations.Nullable;

/**
 * The enumerated words of the schema, read leniently: exactly as the schema writes them, or in
 * another case (which the caller records as an issue), plus a few aliases real reporters use.
 */
final class Words {
  private Words() {}

  /**
   * The words of one element: by spelling, and as arrays for matching the parser's characters
   * without making a string.
   *
   * @param <E> the enum the words stand for
   */
  static final class Table<E> {
    private final Map<String, E> byWord;
    private final String[] words;
    private final Object[] values;

    private Table(E[] all, Function<E, String> token) {
      Map<String, E> m = new HashMap<>();
      for (E e : all) {
        m.put(token.apply(e), e);
      }
      byWord = Map.copyOf(m);
      words = new String[all.length];
      values = new Object[all.length];
      for (int i = 0; i < all.length; i++) {
        words[i] = token.apply(all[i]);
        values[i] = all[i];
      }
    }

    @Nullable E get(String word) {
      return byWord.get(word);
    }

    /** The index of the word spelt exactly as {@code chars[start..start+length)}, or -1. */
    int exact(char[] chars, int start, int length) {
      for (int w = 0; w < words.length; w++) {
        String word = words[w];
        if (word.length() != length) {
          continue;
        }
        int i = 0;
        while (i < length && word.charAt(i) == chars[start + i]) {
          i++;
        }
        if (i == length) {
          return w;
        }
      }
      return -1;
    }

    /** The value of word {@code index}. */
    @SuppressWarnings("unchecked")
    E value(int index) {
      return (E) values[index];
    }

    /** Word {@code index} as written. */
    String word(int index) {
      return words[index];
    }
  }

  static final Table<Policy> POLICY = new Table<>(Policy.values(), Policy::token);
  static final Table<DispositionType> DISPOSITION =
      new Table<>(DispositionType.values(), DispositionType::token);
  static final Table<DmarcResultType> DMARC_RESULT =
      new Table<>(DmarcResultType.values(), DmarcResultType::token);
  static final Table<DkimResultType> DKIM_RESULT =
      new Table<>(DkimResultType.values(), DkimResultType::token);
  static final Table<SpfResultType> SPF_RESULT =
      new Table<>(SpfResultType.values(), SpfResultType::token);
  static final Table<SpfDomainScope> SPF_SCOPE =
      new Table<>(SpfDomainScope.values(), SpfDomainScope::token);
  static final Table<PolicyOverrideType> OVERRIDE =
      new Table<>(PolicyOverrideType.values(), PolicyOverrideType::token);
  static final Table<AlignmentMode> ALIGNMENT =
      new Table<>(AlignmentMode.values(), AlignmentMode::token);
  static final Table<DiscoveryMethod> DISCOVERY =
      new Table<>(DiscoveryMethod.values(), DiscoveryMethod::token);
  static final Table<Boolean> TESTING =
      new Table<>(new Boolean[] {true, false}, b -> b ? "y" : "n");

  /** Aliases: a value some reporters write, and the schema word it means. */
  static final Map<String, String> SPF_ALIASES = Map.of("hardfail", "fail", "mailfrom", "mfrom");

  /** The result of looking up a word. */
  record Found<E>(@Nullable E value, boolean caseFolded, @Nullable String alias) {}

  /** Looks {@code text} up: exact, then lower case, then an alias. */
  static <E> Found<E> find(String text, Table<E> table, Map<String, String> aliases) {
    E exact = table.get(text);
    if (exact != null) {
      return new Found<>(exact, false, null);
    }
    String lower = text.toLowerCase(Locale.ROOT);
    E folded = table.get(lower);
    if (folded != null) {
      return new Found<>(folded, true, null);
    }
    String alias = aliases.get(lower);
    if (alias != null) {
      return new Found<>(table.get(alias), false, alias);
    }
    return new Found<>(null, false, null);
  }
}
