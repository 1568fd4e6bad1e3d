// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Access tokens from an environment variable of the process, read at each login. A process's
 * environment does not change, so this suits one run of {@code dmarcpilot ingest} started by a
 * script that has just fetched a token; a server that runs for longer than a token lives needs a
 * {@link TokenCommand}.
 *
 * <pre>{@code
 * AccessTokenSource tokens = new TokenVariable("IMAP_TOKEN", System.getenv());
 * }</pre>
 */
public final class TokenVariable implements AccessTokenSource {
  private final String name;
  private final Map<String, String> environment;

  /**
   * @param name the variable's name
   * @param environment the process's environment ({@code System.getenv()})
   * @throws IllegalArgumentException when the name is empty or holds {@code =} or a control
   *     character
   */
  public TokenVariable(String name, Map<String, String> environment) {
    Objects.requireNonNull(name, "name");
    this.environment = Objects.requireNonNull(environment, "environment");
    if (name.isEmpty() || name.indexOf('=') >= 0 || name.chars().anyMatch(c -> c < 0x21)) {
      throw new IllegalArgumentException(
          "not the name of an environment variable: '" + name.strip() + "'");
    }
    this.name = name;
  }

  /** The variable's name. */
  public String name() {
    return name;
  }

  /**
   * {@inheritDoc}
   *
   * @throws TokenException when the variable is not set or does not hold one line of printable
   *     ASCII
   */
  @Override
  public String fetch() throws TokenException {
    String v = environment.get(name);
    if (v == null) {
      throw new TokenException(describe() + " is not set");
    }
    return TokenCheck.check(v.strip(), describe());
  }

  @Override
  public String describe() {
    return "environment variable " + name;
  }

  /** The same variable (of the same process). */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenVariable v && v.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** {@link #describe()}: the name, never the value. */
  @Override
  public String toString() {
    return describe();
  }
}
