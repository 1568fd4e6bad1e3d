// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import com.google.common.net.InetAddresses;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.dns.DomainNames;
import org.jspecify.annotations.Nullable;

/**
 * Parses request parameters. Every bad value ends the request with 400 and a message that names the
 * parameter, the value and what was expected.
 */
public final class Params {
  /** The range used when neither {@code from}/{@code to} nor {@code days} is given. */
  public static final int DEFAULT_DAYS = 30;

  private static final int MAX_TEXT = 253;

  private Params() {}

  /**
   * The date range of {@code from} and {@code to} (YYYY-MM-DD, UTC, both included), or of {@code
   * days} (the last N days), or the last {@value #DEFAULT_DAYS} days.
   */
  public static DateRange range(Context ctx, Clock clock) {
    String from = blankToNull(ctx.queryParam("from"));
    String to = blankToNull(ctx.queryParam("to"));
    String days = blankToNull(ctx.queryParam("days"));
    try {
      if (from == null && to == null) {
        int n = days == null ? DEFAULT_DAYS : parseInt("days", days, 1, DateRange.MAX_DAYS);
        return DateRange.lastDays(n, clock);
      }
      LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
      @Nullable LocalDate start = from == null ? null : date("from", from);
      LocalDate end = to == null ? today : date("to", to);
      return new DateRange(start == null ? end.minusDays(DEFAULT_DAYS - 1L) : start, end);
    } catch (IllegalArgumentException e) {
      throw new BadRequestResponse(e.getMessage());
    }
  }

  /** Paging from {@code page} (from 1) and {@code size} (1..500, default 50). */
  public static PageRequest page(Context ctx) {
    return page(ctx, PageRequest.DEFAULT_SIZE);
  }

  /** Paging from {@code page} (from 1) and {@code size} (1..500, default {@code defaultSize}). */
  public static PageRequest page(Context ctx, int defaultSize) {
    String p = blankToNull(ctx.queryParam("page"));
    String s = blankToNull(ctx.queryParam("size"));
    int page = p == null ? 1 : parseInt("page", p, 1, 1_000_000);
    int size = s == null ? defaultSize : parseInt("size", s, 1, PageRequest.MAX_SIZE);
    return new PageRequest(page, size);
  }

  /** An optional domain name parameter, lower-cased; 400 when it is not a plausible domain name. */
  public static @Nullable String domain(Context ctx, String name) {
    String v = blankToNull(ctx.queryParam(name));
    return v == null ? null : domainName(name, v);
  }

  /** A domain name from the path, lower-cased; 400 when it is not a plausible domain name. */
  public static String pathDomain(Context ctx, String name) {
    return domainName(name, ctx.pathParam(name));
  }

  /**
   * An optional free-text parameter (at most 253 characters, no NUL: PostgreSQL refuses U+0000 in
   * text, and the store keeps none).
   */
  public static @Nullable String text(Context ctx, String name) {
    String v = blankToNull(ctx.queryParam(name));
    if (v != null && v.length() > MAX_TEXT) {
      throw new BadRequestResponse(
          "parameter '" + name + "' is longer than " + MAX_TEXT + " characters");
    }
    if (v != null && v.indexOf('\0') >= 0) {
      throw new BadRequestResponse("parameter '" + name + "' must not contain NUL (U+0000)");
    }
    return v;
  }

  /**
   * An optional IP address parameter in the form the store writes addresses ({@link
   * #address(String, String)}); 400 for anything else.
   */
  public static @Nullable String address(Context ctx, String name) {
    String v = blankToNull(ctx.queryParam(name));
    return v == null ? null : address(name, v);
  }

  /**
   * An IP address literal in the form the store writes it ({@link InetAddresses#toAddrString}: RFC
   * 5952 for IPv6, so {@code 2001:DB8:0:0:0:0:0:7} finds the records of {@code 2001:db8::7}, and
   * {@code ::ffff:192.0.2.1} those of {@code 192.0.2.1}); 400 naming {@code param} for anything
   * else (host names, zone ids, legacy forms like {@code 1.2.3}). No DNS lookup.
   */
  public static String address(String param, String text) {
    if (!text.isEmpty()
        && text.length() <= 45
        && text.matches("[0-9A-Fa-f:.]+")
        && InetAddresses.isInetAddress(text)) {
      return InetAddresses.toAddrString(InetAddresses.forString(text));
    }
    throw new BadRequestResponse(
        "parameter '" + param + "' must be an IP address, got '" + clip(text) + "'");
  }

  /** A positive numeric id from the path. */
  public static long pathId(Context ctx, String name) {
    String v = ctx.pathParam(name);
    try {
      long id = Long.parseLong(v);
      if (id < 1) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new BadRequestResponse(
          "parameter '" + name + "' must be a positive whole number, got '" + clip(v) + "'");
    }
  }

  /**
   * A domain name as reports are stored under it ({@link DomainNames#normalize}: lower case,
   * A-labels, no trailing dot); 400 naming {@code param} when it is not a plausible domain name.
   */
  static String domainName(String param, String value) {
    String v = DomainNames.normalize(value.strip());
    boolean ok = !v.isEmpty() && v.length() <= 253 && !v.startsWith(".") && !v.contains("..");
    for (int i = 0; ok && i < v.length(); i++) {
      char c = v.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    }
    if (!ok) {
      throw new BadRequestResponse(
          "parameter '" + param + "' must be a domain name, got '" + clip(value) + "'");
    }
    return v;
  }

  /**
   * A date as YYYY-MM-DD. {@link LocalDate#parse} also reads signed years of five to nine digits,
   * at whose ends the range's neighbouring days do not exist; those are refused here.
   */
  private static LocalDate date(String name, String value) {
    try {
      if (value.length() != 10 || !Character.isDigit(value.charAt(0))) {
        throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
      }
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequestResponse(
          "parameter '" + name + "' must be a date as YYYY-MM-DD, got '" + clip(value) + "'");
    }
  }

  private static int parseInt(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequestResponse(
          "parameter '"
              + name
              + "' must be a whole number from "
              + min
              + " to "
              + max
              + ", got '"
              + clip(value)
              + "'");
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A value cut to 60 characters for an error message. */
  static String clip(String v) {
    return v.length() <= 60 ? v : v.substring(0, 60) + "...";
  }
}
