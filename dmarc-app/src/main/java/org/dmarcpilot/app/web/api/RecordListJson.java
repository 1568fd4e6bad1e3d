// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.util.List;
import org.dmarcpilot.app.web.data.RecordRow;

/**
 * One page of records.
 *
 * @param items the records of this page
 * @param page the page number, from 1
 * @param size rows per page
 * @param total records on all pages
 * @param pages number of pages
 */
public record RecordListJson(List<RecordRow> items, int page, int size, long total, long pages) {}
