// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.net.InetAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An SPF mechanism.
 *
 * @param qualifier the result when it matches ({@link SpfQualifier#PASS} when not written)
 * @param type which mechanism
 * @param domainSpec the domain-spec as written (may hold macros); an empty string when absent
 *     ({@code a}, {@code mx}, {@code ptr} then use the domain being checked)
 * @param network the address of {@code ip4}/{@code ip6}, otherwise null
 * @param ip4Prefix the IPv4 prefix length ({@code /24}); 32 when not written
 * @param ip6Prefix the IPv6 prefix length ({@code //64}); 128 when not written
 * @param index the 0-based index in the record text
 * @param text the term as written
 */
public record SpfMechanism(
    SpfQualifier qualifier,
    MechanismType type,
    String domainSpec,
    @Nullable InetAddress network,
    int ip4Prefix,
    int ip6Prefix,
    int index,
    String text)
    implements SpfTerm {
  public SpfMechanism {
    Objects.requireNonNull(qualifier, "qualifier");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(domainSpec, "domainSpec");
    Objects.requireNonNull(text, "text");
  }

  /**
   * Whether the domain-spec holds macros (it is expanded per message, so cannot be resolved ahead).
   */
  public boolean hasMacros() {
    return domainSpec.indexOf('%') >= 0;
  }
}
