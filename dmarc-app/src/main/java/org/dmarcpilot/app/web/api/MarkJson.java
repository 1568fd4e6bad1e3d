// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import org.dmarcpilot.app.analysis.OwnerMark;
import org.dmarcpilot.app.analysis.SourceKey;
import org.jspecify.annotations.Nullable;

/**
 * The owner's mark on a source of a domain, as set ({@code POST /api/v1/domains/{domain}/marks}).
 *
 * @param domain the policy domain
 * @param source the source
 * @param mark the mark, or null when cleared
 */
public record MarkJson(String domain, SourceKey source, @Nullable OwnerMark mark) {}
