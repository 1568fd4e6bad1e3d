// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.util.Objects;

/**
 * Something the static analysis of an SPF tree found.
 *
 * @param code what was found
 * @param domain the domain whose record holds the term
 * @param term the term concerned as written, or an empty string
 * @param detail the specifics, for a person to read
 */
public record SpfProblem(Code code, String domain, String term, String detail) {
  public SpfProblem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(detail, "detail");
  }

  /** What the analysis can find. */
  public enum Code {
    /** More than 10 DNS-querying terms: permerror. */
    TOO_MANY_LOOKUPS,
    /** More than 2 void lookups: permerror. */
    TOO_MANY_VOID_LOOKUPS,
    /** An include chain comes back to a domain already being evaluated: permerror. */
    INCLUDE_LOOP,
    /** A redirect chain comes back to a domain already being evaluated: permerror. */
    REDIRECT_LOOP,
    /** An include or redirect target has no SPF record: permerror. */
    TARGET_WITHOUT_RECORD,
    /** An include or redirect target has more than one SPF record: permerror. */
    TARGET_MULTIPLE_RECORDS,
    /** An include or redirect target's record does not parse: permerror. */
    TARGET_INVALID,
    /**
     * An include or redirect target's record ends with {@code +all}: the include matches every
     * address (the redirect passes every address), so any server passes as with {@code +all}.
     */
    TARGET_PASSES_ALL,
    /** A lookup failed temporarily: temperror. */
    TEMPFAIL,
    /** An a, mx or exists name has no records (a void lookup). */
    VOID_TARGET,
    /** An mx mechanism names more than 10 mail hosts: permerror. */
    TOO_MANY_MX_HOSTS,
    /** A mail host named by an mx mechanism has no address. */
    MX_HOST_WITHOUT_ADDRESS,
    /** The same domain is included more than once. */
    DUPLICATE_INCLUDE,
    /** A term holds macros: it was counted but cannot be resolved ahead of a message. */
    MACRO_NOT_RESOLVED,
    /** The exp target has no TXT record, or more than one. */
    EXPLANATION_TXT,
    /** The tree is larger than the analysis limit; counts are a lower bound. */
    ANALYSIS_LIMIT
  }
}
