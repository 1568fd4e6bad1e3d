// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the OpenAPI document says about one API route.
 *
 * @param summary one line
 * @param tag the group ("reports", "domains")
 * @param params query and path parameters
 * @param response the record a 200 answer carries as JSON (a {@code *Json} record), or {@code
 *     byte[].class} for a binary download, or {@code String.class} for plain text, or {@code
 *     ExportWriter.class} for the records export (CSV, or the JSON array of {@code dmarcpilot
 *     export})
 * @param errors other status codes with their meaning
 * @param multipartUpload whether the request body is a multipart form with {@code file} parts
 */
public record ApiDoc(
    String summary,
    String tag,
    List<Param> params,
    Class<?> response,
    Map<Integer, String> errors,
    boolean multipartUpload) {
  /** Checks and copies. */
  public ApiDoc {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(response, "response");
    params = List.copyOf(params);
    errors = Map.copyOf(errors);
  }

  /**
   * One parameter.
   *
   * @param name its name
   * @param in {@code path} or {@code query}
   * @param type the JSON schema type ({@code string}, {@code integer})
   * @param format the JSON schema format ({@code date}, {@code int64}) or empty
   * @param description what it does
   */
  public record Param(String name, String in, String type, String format, String description) {
    /** Checks the fields. */
    public Param {
      Objects.requireNonNull(name, "name");
      if (!in.equals("path") && !in.equals("query")) {
        throw new IllegalArgumentException("in must be path or query: " + in);
      }
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(description, "description");
    }

    /** A path parameter. */
    public static Param path(String name, String type, String format, String description) {
      return new Param(name, "path", type, format, description);
    }

    /** A query parameter. */
    public static Param query(String name, String type, String format, String description) {
      return new Param(name, "query", type, format, description);
    }
  }

  /** The date-range and domain filter parameters that most calls take. */
  public static List<Param> rangeParams() {
    return List.of(
        Param.query("from", "string", "date", "first day (UTC, YYYY-MM-DD)"),
        Param.query("to", "string", "date", "last day (UTC, YYYY-MM-DD), included"),
        Param.query("days", "integer", "int32", "the last N days (when from/to are absent)"));
  }

  /** The paging parameters. */
  public static List<Param> pageParams() {
    return List.of(
        Param.query("page", "integer", "int32", "page number, from 1"),
        Param.query("size", "integer", "int32", "rows per page, 1 to 500 (default 50)"));
  }
}
