// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import io.javalin.http.Context;
import java.util.Objects;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.live.LiveRecordCheck;

/**
 * {@code GET /api/v1/domains/{domain}/record}: the live record check of a domain (the DMARC record
 * published now, the findings for the domain, DMARC, SPF and DKIM, the advisor's next record and
 * the tag-by-tag difference), the same result the Domain page shows.
 */
public final class LiveRecordApi {
  private final LiveRecordCheck live;

  /** The handler over the live check. */
  public LiveRecordApi(LiveRecordCheck live) {
    this.live = Objects.requireNonNull(live, "live");
  }

  /** {@code GET /api/v1/domains/{domain}/record}. */
  public void record(Context ctx) {
    ctx.json(live.check(Params.pathDomain(ctx, "domain")));
  }
}
