// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

/**
 * The figures of all of one report's records, summed by the database.
 *
 * @param records the number of records
 * @param messages their messages
 * @param dmarcPass messages that passed DMARC (DKIM or SPF evaluated to pass), as the reporter says
 * @param dkimPass messages whose DKIM evaluated to pass for DMARC
 * @param spfPass messages whose SPF evaluated to pass for DMARC
 */
public record ReportTotals(
    long records, long messages, long dmarcPass, long dkimPass, long spfPass) {}
