// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import com.google.common.net.InetAddresses;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Locale;
import org.dmarcpilot.app.analysis.OwnerMark;
import org.dmarcpilot.app.analysis.SourceKey;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a mark on a source ({@code POST /domains/{domain}/marks} and its API twin),
 * from the form body or the query: {@code source} ({@code service:<id>} or {@code ip:<address>})
 * and {@code mark} ({@code mine}, {@code not-mine}, or {@code none} to clear). Anything else is a
 * 400 naming the parameter.
 */
public final class MarkParams {
  private MarkParams() {}

  /** The source key, checked: a catalogue-style service id or an IP literal (canonical). */
  public static SourceKey source(Context ctx) {
    String v = value(ctx, "source");
    if (v != null) {
      if (v.startsWith("service:")) {
        String id = v.substring(8);
        if (id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
          return SourceKey.ofService(id);
        }
      } else if (v.startsWith("ip:")) {
        String ip = v.substring(3);
        if (ip.length() <= 45 && InetAddresses.isInetAddress(ip)) {
          return SourceKey.ofIp(InetAddresses.forString(ip));
        }
      }
    }
    throw new BadRequestResponse(
        "parameter 'source' must be service:<id> or ip:<address>, got '"
            + Params.clip(v == null ? "" : v)
            + "'");
  }

  /** The mark; null for {@code none} (clear it). */
  public static @Nullable OwnerMark mark(Context ctx) {
    String v = value(ctx, "mark");
    String m = v == null ? "" : v.toLowerCase(Locale.ROOT);
    return switch (m) {
      case "mine" -> OwnerMark.MINE;
      case "not-mine", "not_mine" -> OwnerMark.NOT_MINE;
      case "none" -> null;
      default ->
          throw new BadRequestResponse(
              "parameter 'mark' must be mine, not-mine or none, got '"
                  + Params.clip(v == null ? "" : v)
                  + "'");
    };
  }

  private static @Nullable String value(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      v = ctx.formParam(name);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }
}
