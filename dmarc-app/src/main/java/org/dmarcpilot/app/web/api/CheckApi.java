// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import io.javalin.http.Context;
import java.util.Objects;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.check.AuditReport;
import org.dmarcpilot.check.DomainAudit;

/** {@code GET /api/v1/check/{domain}}: the live audit of a domain's records. */
public final class CheckApi {
  private final DomainAudit audit;

  /** The handler over the audit. */
  public CheckApi(DomainAudit audit) {
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  /** {@code GET /api/v1/check/{domain}}. */
  public void check(Context ctx) {
    AuditReport report = audit.audit(Params.pathDomain(ctx, "domain"));
    ctx.json(report);
  }
}
