// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dmarcpilot.app.store.ExportWriter;
import org.dmarcpilot.app.web.http.ApiDoc;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OpenAPI 3.0 document of the REST API from the route table, so that it lists exactly
 * the routes that exist. Response schemas are derived from the {@code *Json} records.
 */
public final class OpenApiDocument {
  private OpenApiDocument() {}

  /**
   * One documented route.
   *
   * @param method the HTTP method, upper case
   * @param path the path with {@code {name}} parameters
   * @param doc its description
   */
  public record Entry(String method, String path, ApiDoc doc) {}

  /** The document as nested maps and lists, ready to be written as JSON. */
  public static Map<String, Object> build(List<Entry> entries, String version) {
    Map<String, Object> schemas = new TreeMap<>();
    schema(ErrorJson.class, schemas);
    Map<String, Object> paths = new TreeMap<>();
    for (Entry e : entries) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>) paths.computeIfAbsent(e.path(), k -> new LinkedHashMap<>());
      item.put(e.method().toLowerCase(Locale.ROOT), operation(e, schemas));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put(
        "info",
        Map.of(
            "title",
            "DMARC Pilot API",
            "version",
            version,
            "description",
            "Aggregate DMARC reports, domains and sources. Authenticate with an API token:"
                + " 'Authorization: Bearer dp_...' (Settings, API tokens)."));
    doc.put(
        "components",
        Map.of(
            "schemas",
            schemas,
            "securitySchemes",
            Map.of("token", Map.of("type", "http", "scheme", "bearer"))));
    doc.put("security", List.of(Map.of("token", List.of())));
    doc.put("paths", paths);
    return doc;
  }

  private static Map<String, Object> operation(Entry e, Map<String, Object> schemas) {
    ApiDoc d = e.doc();
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("summary", d.summary());
    op.put("tags", List.of(d.tag()));
    op.put(
        "operationId",
        e.method().toLowerCase(Locale.ROOT) + e.path().replaceAll("[^A-Za-z0-9]+", "_"));
    List<Object> params = new ArrayList<>();
    for (ApiDoc.Param p : d.params()) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", p.type());
      if (!p.format().isEmpty()) {
        schema.put("format", p.format());
      }
      Map<String, Object> param = new LinkedHashMap<>();
      param.put("name", p.name());
      param.put("in", p.in());
      param.put("required", p.in().equals("path"));
      param.put("description", p.description());
      param.put("schema", schema);
      params.add(param);
    }
    if (!params.isEmpty()) {
      op.put("parameters", params);
    }
    if (d.multipartUpload()) {
      op.put(
          "requestBody",
          Map.of(
              "required",
              true,
              "content",
              Map.of(
                  "multipart/form-data",
                  Map.of(
                      "schema",
                      Map.of(
                          "type",
                          "object",
                          "properties",
                          Map.of(
                              "file",
                              Map.of(
                                  "type",
                                  "array",
                                  "items",
                                  Map.of("type", "string", "format", "binary"))))))));
    }
    Map<String, Object> responses = new TreeMap<>();
    responses.put("200", Map.of("description", "OK", "content", content(d.response(), schemas)));
    Map<Integer, String> errors = new TreeMap<>(d.errors());
    errors.putIfAbsent(401, "not authenticated");
    for (Map.Entry<Integer, String> err : errors.entrySet()) {
      responses.put(
          String.valueOf(err.getKey()),
          Map.of(
              "description",
              err.getValue(),
              "content",
              Map.of(
                  "application/json",
                  Map.of("schema", Map.of("$ref", "#/components/schemas/ErrorJson")))));
    }
    op.put("responses", responses);
    return op;
  }

  private static Map<String, Object> content(Class<?> response, Map<String, Object> schemas) {
    if (response == ExportWriter.class) {
      return Map.of(
          "text/csv",
          Map.of("schema", Map.of("type", "string")),
          "application/json",
          Map.of("schema", Map.of("type", "array", "items", exportSchema(schemas))));
    }
    if (response == byte[].class) {
      return Map.of(
          "application/octet-stream",
          Map.of("schema", Map.of("type", "string", "format", "binary")));
    }
    if (response == String.class) {
      return Map.of("text/plain", Map.of("schema", Map.of("type", "string")));
    }
    return Map.of("application/json", Map.of("schema", schema(response, schemas)));
  }

  /**
   * The schema of one object of the records export ({@link ExportWriter}'s JSON, as {@code
   * dmarcpilot export --format json} writes it), added to {@code schemas} as {@code RecordExport}
   * and referenced. Its keys are {@link ExportWriter#COLUMNS}; a column missing here fails the
   * document's build.
   */
  static Map<String, Object> exportSchema(Map<String, Object> schemas) {
    Map<String, Object> text = Map.of("type", "string");
    Map<String, Object> optional = Map.of("type", "string", "nullable", true);
    Map<String, Object> time = Map.of("type", "string", "format", "date-time");
    Map<String, Object> count = Map.of("type", "integer", "format", "int64");
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    byName.put("report_pk", count);
    byName.put("org_name", text);
    byName.put("report_id", text);
    byName.put("policy_domain", text);
    byName.put("date_begin", time);
    byName.put("date_end", time);
    byName.put("policy_p", optional);
    byName.put("source_ip", text);
    byName.put("message_count", count);
    byName.put("disposition", text);
    byName.put("dkim_aligned", optional);
    byName.put("spf_aligned", optional);
    byName.put("header_from", text);
    byName.put("envelope_from", optional);
    byName.put("envelope_to", optional);
    byName.put(
        "dkim",
        array(
            "the DKIM results, in the report's order",
            Map.of("domain", text, "selector", optional, "result", text, "human_result", optional),
            List.of("domain", "selector", "result", "human_result")));
    byName.put(
        "spf",
        array(
            "the SPF results, in the report's order",
            Map.of("domain", text, "scope", optional, "result", text, "human_result", optional),
            List.of("domain", "scope", "result", "human_result")));
    byName.put(
        "overrides",
        array(
            "the reasons the receiver gave for not applying the policy",
            Map.of("type", text, "comment", optional),
            List.of("type", "comment")));
    if (!List.copyOf(byName.keySet()).equals(ExportWriter.COLUMNS)) {
      throw new IllegalStateException(
          "the export's schema names " + byName.keySet() + ", the export " + ExportWriter.COLUMNS);
    }
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("type", "object");
    obj.put(
        "description",
        "One record joined with its report, as dmarcpilot export --format json writes it");
    obj.put("properties", byName);
    obj.put("required", ExportWriter.COLUMNS);
    schemas.put("RecordExport", obj);
    return Map.of("$ref", "#/components/schemas/RecordExport");
  }

  private static Map<String, Object> array(
      String description, Map<String, Map<String, Object>> properties, List<String> order) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String name : order) {
      ordered.put(name, properties.get(name));
    }
    return Map.of(
        "type",
        "array",
        "description",
        description,
        "items",
        Map.of("type", "object", "properties", ordered, "required", order));
  }

  /** The schema of a type; records are added to {@code schemas} and referenced. */
  static Map<String, Object> schema(Type type, Map<String, Object> schemas) {
    if (type instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      if (List.class.isAssignableFrom(raw)) {
        return Map.of("type", "array", "items", schema(pt.getActualTypeArguments()[0], schemas));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return Map.of(
            "type",
            "object",
            "additionalProperties",
            schema(pt.getActualTypeArguments()[1], schemas));
      }
      throw new IllegalArgumentException("no schema for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return Map.of("type", "string");
    }
    if (c == Map.class) {
      return Map.of("type", "object");
    }
    if (c == long.class || c == Long.class) {
      return Map.of("type", "integer", "format", "int64");
    }
    if (c == int.class || c == Integer.class) {
      return Map.of("type", "integer", "format", "int32");
    }
    if (c == double.class || c == Double.class) {
      return Map.of("type", "number", "format", "double");
    }
    if (c == boolean.class || c == Boolean.class) {
      return Map.of("type", "boolean");
    }
    if (c.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object o : c.getEnumConstants()) {
        names.add(((Enum<?>) o).name());
      }
      return Map.of("type", "string", "enum", names);
    }
    if (c == Instant.class) {
      return Map.of("type", "string", "format", "date-time");
    }
    if (c == LocalDate.class) {
      return Map.of("type", "string", "format", "date");
    }
    if (c.isRecord()) {
      String name = c.getSimpleName();
      if (!schemas.containsKey(name)) {
        schemas.put(name, Map.of()); // placeholder against recursion
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent rc : c.getRecordComponents()) {
          Map<String, Object> s = new LinkedHashMap<>(schema(rc.getGenericType(), schemas));
          if (nullable(rc)) {
            if (s.containsKey("$ref")) {
              // OpenAPI 3.0 ignores the keys beside a $ref: wrap it to make it nullable
              s = new LinkedHashMap<>(Map.of("allOf", List.of(Map.copyOf(s))));
            }
            s.put("nullable", true);
          } else {
            required.add(rc.getName());
          }
          props.put(rc.getName(), s);
        }
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("type", "object");
        obj.put("properties", props);
        if (!required.isEmpty()) {
          obj.put("required", required);
        }
        schemas.put(name, obj);
      }
      return Map.of("$ref", "#/components/schemas/" + name);
    }
    throw new IllegalArgumentException("no schema for " + c);
  }

  private static boolean nullable(RecordComponent rc) {
    return rc.getAnnotatedType().isAnnotationPresent(Nullable.class);
  }
}
