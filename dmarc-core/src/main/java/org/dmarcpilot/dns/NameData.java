// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.util.Objects;

/**
 * A record whose data is one domain name: CNAME, PTR, NS.
 *
 * @param name the target, lower case, without the trailing dot
 */
public record NameData(String name) implements ResourceData {
  public NameData {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String presentation() {
    return name + ".";
  }
}
