// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The answer to one DNS question: a status and, when it is {@link DnsStatus#OK}, the values.
 *
 * @param name the name asked for, lower case, without the trailing dot
 * @param type the type asked for
 * @param status what came back
 * @param values the records of the type asked for at the end of any CNAME chain; empty unless the
 *     status is {@link DnsStatus#OK}
 * @param cnameChain the aliases followed, in order (the target of each CNAME); empty when the name
 *     had no CNAME
 * @param ttlSeconds how long the answer may be cached: the smallest TTL of the records used, the
 *     negative-caching TTL for NXDOMAIN and NODATA, 0 for TEMPFAIL
 * @param detail why the status is {@link DnsStatus#TEMPFAIL} (for example "timeout after 2 attempts
 *     to 127.0.0.1:53"), or an empty string
 * @param <T> the type of the values
 */
public record DnsAnswer<T>(
    String name,
    RecordType type,
    DnsStatus status,
    List<T> values,
    List<String> cnameChain,
    long ttlSeconds,
    String detail) {
  public DnsAnswer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    values = List.copyOf(values);
    cnameChain = List.copyOf(cnameChain);
    Objects.requireNonNull(detail, "detail");
    if (status != DnsStatus.OK && !values.isEmpty()) {
      throw new IllegalArgumentException("values with status " + status);
    }
    if (status == DnsStatus.OK && values.isEmpty()) {
      throw new IllegalArgumentException("status OK without values");
    }
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("negative TTL: " + ttlSeconds);
    }
  }

  /** An answer with values. */
  public static <T> DnsAnswer<T> ok(
      String name, RecordType type, List<T> values, List<String> cnameChain, long ttlSeconds) {
    return new DnsAnswer<>(name, type, DnsStatus.OK, values, cnameChain, ttlSeconds, "");
  }

  /** An empty answer: {@link DnsStatus#NXDOMAIN} or {@link DnsStatus#NODATA}. */
  public static <T> DnsAnswer<T> empty(
      String name, RecordType type, DnsStatus status, List<String> cnameChain, long ttlSeconds) {
    if (!status.isEmpty()) {
      throw new IllegalArgumentException("not an empty status: " + status);
    }
    return new DnsAnswer<>(name, type, status, List.of(), cnameChain, ttlSeconds, "");
  }

  /** A temporary failure, with the reason. */
  public static <T> DnsAnswer<T> tempfail(String name, RecordType type, String detail) {
    return new DnsAnswer<>(name, type, DnsStatus.TEMPFAIL, List.of(), List.of(), 0, detail);
  }

  /** Whether the status is {@link DnsStatus#OK}. */
  public boolean isOk() {
    return status == DnsStatus.OK;
  }

  /** The name the values belong to: the last alias of the chain, or the name asked for. */
  public String canonicalName() {
    return cnameChain.isEmpty() ? name : cnameChain.get(cnameChain.size() - 1);
  }

  /** The same answer with each value converted. */
  public <U> DnsAnswer<U> map(Function<? super T, ? extends U> f) {
    List<U> mapped = new ArrayList<>(values.size());
    for (T v : values) {
      mapped.add(f.apply(v));
    }
    return new DnsAnswer<>(name, type, status, mapped, cnameChain, ttlSeconds, detail);
  }

  /** The same answer with the values of a given class kept (for the typed resolver methods). */
  <U> DnsAnswer<U> narrow(Class<U> valueClass) {
    List<U> kept = new ArrayList<>(values.size());
    for (T v : values) {
      if (valueClass.isInstance(v)) {
        kept.add(valueClass.cast(v));
      }
    }
    if (status == DnsStatus.OK && kept.isEmpty()) {
      return new DnsAnswer<>(name, type, DnsStatus.NODATA, kept, cnameChain, ttlSeconds, "");
    }
    return new DnsAnswer<>(name, type, status, kept, cnameChain, ttlSeconds, detail);
  }

  /**
   * A one-line account of the question and the answer, for evidence: {@code _dmarc.example.com TXT
   * -> NXDOMAIN}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(name).append(' ').append(type).append(" -> ");
    for (String alias : cnameChain) {
      sb.append("CNAME ").append(alias).append(" -> ");
    }
    sb.append(status.name());
    if (!detail.isEmpty()) {
      sb.append(" (").append(detail).append(')');
    }
    if (status == DnsStatus.OK) {
      sb.append(' ').append(values.size()).append(values.size() == 1 ? " record" : " records");
    }
    return sb.toString();
  }
}
