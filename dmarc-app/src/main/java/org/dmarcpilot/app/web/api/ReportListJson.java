// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.util.List;

/**
 * One page of reports.
 *
 * @param items the reports of this page
 * @param page the page number, from 1
 * @param size rows per page
 * @param total reports on all pages
 * @param pages number of pages
 */
public record ReportListJson(
    List<ReportSummaryJson> items, int page, int size, long total, long pages) {}
