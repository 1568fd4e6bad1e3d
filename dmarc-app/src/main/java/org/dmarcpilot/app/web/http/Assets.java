// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

/**
 * Where the pages load their scripts and styles from: our own files under {@code /static/} and the
 * WebJars served by us under {@code /webjars/} (never a CDN). Versions match the POM.
 */
public final class Assets {
  /** htmx, from the {@code org.webjars.npm:htmx.org} WebJar. */
  public static final String HTMX = "/webjars/htmx.org/2.0.4/dist/htmx.min.js";

  /** Chart.js, from the {@code org.webjars.npm:chart.js} WebJar. */
  public static final String CHART_JS = "/webjars/chart.js/4.4.1/dist/chart.umd.js";

  /** Our stylesheet (light and dark). */
  public static final String CSS = "/static/app.css";

  /** Our script: theme, sortable tables, charts, upload. */
  public static final String JS = "/static/app.js";

  private Assets() {}
}
