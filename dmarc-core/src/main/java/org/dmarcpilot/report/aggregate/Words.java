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

  static final Map<String, Policy> POLICY = table(Policy.values(), Policy::token);
  static final Map<String, DispositionType> DISPOSITION =
      table(DispositionType.values(), DispositionType::token);
  static final Map<String, DmarcResultType> DMARC_RESULT =
      table(DmarcResultType.values(), DmarcResultType::token);
  static final Map<String, DkimResultType> DKIM_RESULT =
      table(DkimResultType.values(), DkimResultType::token);
  static final Map<String, SpfResultType> SPF_RESULT =
      table(SpfResultType.values(), SpfResultType::token);
  static final Map<String, SpfDomainScope> SPF_SCOPE =
      table(SpfDomainScope.values(), SpfDomainScope::token);
  static final Map<String, PolicyOverrideType> OVERRIDE =
      table(PolicyOverrideType.values(), PolicyOverrideType::token);
  static final Map<String, AlignmentMode> ALIGNMENT =
      table(AlignmentMode.values(), AlignmentMode::token);
  static final Map<String, DiscoveryMethod> DISCOVERY =
      table(DiscoveryMethod.values(), DiscoveryMethod::token);

  /** Aliases: a value some reporters write, and the schema word it means. */
  static final Map<String, String> SPF_ALIASES = Map.of("hardfail", "fail", "mailfrom", "mfrom");

  private static <E> Map<String, E> table(E[] values, Function<E, String> token) {
    Map<String, E> m = new HashMap<>();
    for (E e : values) {
      m.put(token.apply(e), e);
    }
    return Map.copyOf(m);
  }

  /** The result of looking up a word. */
  record Found<E>(@Nullable E value, boolean caseFolded, @Nullable String alias) {}

  /** Looks {@code text} up: exact, then lower case, then an alias. */
  static <E> Found<E> find(String text, Map<String, E> table, Map<String, String> aliases) {
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
