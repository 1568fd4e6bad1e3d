// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Locale;
import org.dmarcpilot.app.analysis.Stage;
import org.dmarcpilot.app.analysis.TargetPolicy;
import org.dmarcpilot.policy.Policy;
import org.jspecify.annotations.Nullable;

/**
 * The what-if policy of the Domain page and {@code /api/v1/domains/{domain}/simulate}: {@code p},
 * {@code sp}, {@code np} (none, quarantine, reject; empty for "inherit"), {@code t} (y or n) and
 * {@code pct} (0..100). Anything else is a 400 naming the parameter.
 */
public final class WhatIf {
  private WhatIf() {}

  /** Whether the request names a policy to simulate ({@code p} is present). */
  public static boolean asked(Context ctx) {
    String p = ctx.queryParam("p");
    return p != null && !p.isBlank();
  }

  /** The policy the request asks to simulate; {@code fallback} for {@code p} when absent. */
  public static TargetPolicy target(Context ctx, TargetPolicy fallback) {
    Policy p = policy("p", ctx.queryParam("p"));
    Policy sp = policy("sp", ctx.queryParam("sp"));
    Policy np = policy("np", ctx.queryParam("np"));
    String t = ctx.queryParam("t");
    boolean testing;
    if (t == null || t.isBlank()) {
      testing = p == null && fallback.testing();
    } else {
      testing =
          switch (t.strip().toLowerCase(Locale.ROOT)) {
            case "y" -> true;
            case "n" -> false;
            default ->
                throw new BadRequestResponse(
                    "parameter 't' must be y or n, got '" + Params.clip(t) + "'");
          };
    }
    int pct = 100;
    String pc = ctx.queryParam("pct");
    if (pc != null && !pc.isBlank()) {
      try {
        pct = Integer.parseInt(pc.strip());
      } catch (NumberFormatException e) {
        pct = -1;
      }
      if (pct < 0 || pct > 100) {
        throw new BadRequestResponse(
            "parameter 'pct' must be a whole number 0..100, got '" + Params.clip(pc) + "'");
      }
    }
    if (p == null) {
      return new TargetPolicy(
          fallback.p(),
          sp != null ? sp : fallback.sp(),
          np != null ? np : fallback.np(),
          testing,
          pct);
    }
    return new TargetPolicy(p, sp, np, testing, pct);
  }

  /** The policy of the advisor's next stage; {@code p=reject} at the goal or without advice. */
  public static TargetPolicy ofStage(@Nullable Stage next) {
    if (next == null) {
      return TargetPolicy.of(Policy.REJECT);
    }
    return switch (next) {
      case QUARANTINE_TESTING -> new TargetPolicy(Policy.QUARANTINE, null, null, true, 100);
      case QUARANTINE -> TargetPolicy.of(Policy.QUARANTINE);
      case REJECT_TESTING -> new TargetPolicy(Policy.REJECT, null, null, true, 100);
      default -> TargetPolicy.of(Policy.REJECT);
    };
  }

  private static @Nullable Policy policy(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (Policy p : Policy.values()) {
      if (p.token().equals(v)) {
        return p;
      }
    }
    throw new BadRequestResponse(
        "parameter '"
            + name
            + "' must be none, quarantine or reject, got '"
            + Params.clip(value)
            + "'");
  }
}
