// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the JTE templates that the build precompiled (src/main/jte). The HTML content type
 * escapes every expression for its context (text, attribute, URL), so values from reports, DNS
 * answers and users are never interpreted as markup.
 */
public final class Views {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Renders a template to a string. */
  public String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput(8192);
    engine.render(template, params, out);
    return out.toString();
  }

  /** Renders a template as the HTML response. */
  public void render(Context ctx, String template, Map<String, Object> params) {
    ctx.html(render(template, params));
  }
}
