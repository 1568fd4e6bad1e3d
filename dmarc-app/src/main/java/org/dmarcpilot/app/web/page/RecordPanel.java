// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.web.http.CurrentUser;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.dmarcpilot.app.web.live.LiveRecord;
import org.dmarcpilot.app.web.live.LiveRecordCheck;

/**
 * The Domain page's live record check, as an htmx fragment: {@code GET /domains/{domain}/record}
 * (kept results for a few minutes) and {@code POST /domains/{domain}/record} ("check again"). The
 * Domain page itself never waits for DNS: it loads this fragment after it is shown.
 */
public final class RecordPanel {
  private final LiveRecordCheck live;
  private final Views views;

  /** The panel over the live check. */
  public RecordPanel(LiveRecordCheck live, Views views) {
    this.live = Objects.requireNonNull(live, "live");
    this.views = Objects.requireNonNull(views, "views");
  }

  /** {@code GET /domains/{domain}/record}: the fragment, from the kept result when fresh. */
  public void show(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    render(ctx, live.check(domain));
  }

  /**
   * {@code POST /domains/{domain}/record}: checks anew; htmx gets the fragment, a plain form post
   * is sent back to the Domain page.
   */
  public void recheck(Context ctx) {
    String domain = Params.pathDomain(ctx, "domain");
    LiveRecord r = live.recheck(domain);
    if (ctx.header("HX-Request") == null) {
      ctx.redirect("/domains/" + domain + "#live-check", HttpStatus.SEE_OTHER);
      return;
    }
    render(ctx, r);
  }

  private void render(Context ctx, LiveRecord r) {
    String csrf = CurrentUser.require(ctx).csrfToken();
    ctx.header("Cache-Control", "no-store");
    views.render(ctx, "domain-record.jte", Map.of("view", r, "csrf", csrf == null ? "" : csrf));
  }
}
