// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

/**
 * Counts over the whole store.
 *
 * @param reports stored reports
 * @param records stored records
 * @param messages the sum of the records' message counts
 * @param failures entries in the ingest-failure log
 */
public record StoreTotals(long reports, long records, long messages, long failures) {}
