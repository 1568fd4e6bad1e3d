// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.List;

/** The tables written in bulk, with their columns in write order. */
enum ChildTable {
  /** The per-connection temporary table report rows are staged in before the dedup insert. */
  STAGE("aggregate_report_stage", ReportRows.REPORT_COLUMNS.toArray(new String[0])),
  /** The per-connection temporary table input rows are staged in before their insert. */
  INPUT_STAGE(
      "ingested_input_stage",
      "content_sha256",
      "source_kind",
      "source_name",
      "reports",
      "failures",
      "ingested_at"),
  /** The per-connection temporary table failures are staged in before their insert. */
  FAILURE_STAGE(
      "ingest_failure_stage",
      "id",
      "failed_at",
      "reason",
      "content_sha256",
      "original_size",
      "original",
      "truncated",
      "source_kind",
      "source_path",
      "source_mailbox",
      "source_message_id",
      "source_part"),
  /** The per-connection temporary table failure copies' parts are staged in. */
  FAILURE_PART_STAGE("ingest_failure_part_stage", "failure_id", "seq", "bytes"),
  ERROR("aggregate_report_error", "report_pk", "seq", "message"),
  ISSUE("aggregate_report_issue", "report_pk", "seq", "line_no", "column_no", "message"),
  RECORD(
      "aggregate_record",
      "report_pk",
      "row_no",
      "policy_domain",
      "report_day",
      "source_ip",
      "message_count",
      "disposition",
      "dkim_aligned",
      "spf_aligned",
      "header_from",
      "envelope_from",
      "envelope_to",
      "extensions"),
  DKIM(
      "aggregate_record_dkim",
      "report_pk",
      "row_no",
      "seq",
      "domain",
      "selector",
      "result",
      "human_result"),
  SPF(
      "aggregate_record_spf",
      "report_pk",
      "row_no",
      "seq",
      "domain",
      "scope",
      "result",
      "human_result"),
  OVERRIDE("aggregate_record_override", "report_pk", "row_no", "seq", "reason", "comment"),
  /**
   * The bytes a report arrived as (values: Long, String, String, Long, byte[] or null, String or
   * null).
   */
  ORIGINAL("report_original", "report_pk", "filename", "media_type", "size", "bytes", "stored_as"),
  /** The parts of an original's bytes after the first {@link BlobParts#PART_BYTES}. */
  ORIGINAL_PART(BlobParts.Table.ORIGINALS.tableName(), "report_pk", "seq", "bytes");

  private final String table;
  private final List<String> columns;

  ChildTable(String table, String... columns) {
    this.table = table;
    this.columns = List.of(columns);
  }

  /** Whether the table is one of the connection's temporary staging tables (named "..._stage"). */
  boolean temporary() {
    return table.endsWith("_stage");
  }

  /** The table name. */
  String table() {
    return table;
  }

  /** The columns, in the order {@link BulkWriter#row} takes values. */
  List<String> columns() {
    return columns;
  }
}
