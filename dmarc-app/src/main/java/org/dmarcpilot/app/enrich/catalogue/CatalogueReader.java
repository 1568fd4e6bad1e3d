// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads the YAML catalogue file and enforces its rules: unique well-formed ids, a category, at
 * least one way to recognise each service, a fix for SPF and for DKIM, well-formed domains and
 * selectors, and no domain under two services unless an {@code overlaps} entry names both.
 */
final class CatalogueReader {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private CatalogueReader() {}

  record FileDto(
      int version,
      @Nullable Map<String, FixDto> templates,
      @Nullable List<OverlapDto> overlaps,
      @Nullable List<ServiceDto> services) {}

  record FixDto(@Nullable String template, @Nullable String spf, @Nullable String dkim) {}

  record OverlapDto(@Nullable String domain, @Nullable List<String> services, String reason) {}

  record DkimDto(@Nullable List<String> domains, @Nullable List<String> selectors) {}

  record ServiceDto(
      @Nullable String id,
      @Nullable String name,
      @Nullable List<String> aliases,
      @Nullable String category,
      @Nullable Boolean forwarding,
      @Nullable List<String> ptr,
      @Nullable List<String> spf,
      @Nullable DkimDto dkim,
      @Nullable List<String> envelope,
      @Nullable List<Long> asns,
      @Nullable FixDto fix,
      @JsonProperty("docs") @Nullable String docs) {}

  /** Reads and validates a catalogue. */
  static List<SendingService> read(InputStream in, String source) throws CatalogueException {
    FileDto file;
    try {
      file = YAML.readValue(in, FileDto.class);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new CatalogueException(
          source + where + ": not a valid catalogue: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CatalogueException(source + ": cannot read: " + e.getMessage(), e);
    }
    if (file == null || file.version() != 1) {
      throw new CatalogueException(source + ": version must be 1");
    }
    Map<String, FixDto> templates = file.templates() == null ? Map.of() : file.templates();
    List<ServiceDto> dtos = file.services() == null ? List.of() : file.services();
    if (dtos.isEmpty()) {
      throw new CatalogueException(source + ": no services");
    }
    List<SendingService> services = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < dtos.size(); i++) {
      SendingService s = toService(dtos.get(i), templates, source + ": services[" + i + "]");
      if (!ids.add(s.id())) {
        throw new CatalogueException(source + ": duplicate id \"" + s.id() + "\"");
      }
      services.add(s);
    }
    checkOverlaps(services, file.overlaps() == null ? List.of() : file.overlaps(), ids, source);
    return services;
  }

  private static SendingService toService(ServiceDto d, Map<String, FixDto> templates, String where)
      throws CatalogueException {
    String id = require(d.id(), where, "id");
    if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new CatalogueException(where + ": id \"" + id + "\" must be lower case words and '-'");
    }
    String at = where + " (" + id + ")";
    String name = require(d.name(), at, "name");
    ServiceCategory category;
    try {
      category = ServiceCategory.fromToken(require(d.category(), at, "category"));
    } catch (IllegalArgumentException e) {
      throw new CatalogueException(at + ": " + e.getMessage(), e);
    }
    List<String> ptr = domains(d.ptr(), at, "ptr");
    List<String> spf = domains(d.spf(), at, "spf");
    DkimDto dkim = d.dkim() == null ? new DkimDto(null, null) : d.dkim();
    List<String> dkimDomains = domains(dkim.domains(), at, "dkim.domains");
    List<String> selectors = list(dkim.selectors());
    for (String sel : selectors) {
      if (!SelectorPattern.isValid(sel) || !sel.equals(sel.toLowerCase(Locale.ROOT))) {
        throw new CatalogueException(at + ": dkim.selectors: bad selector pattern \"" + sel + "\"");
      }
    }
    List<String> envelope = domains(d.envelope(), at, "envelope");
    List<Long> asns = d.asns() == null ? List.of() : d.asns();
    for (Long asn : asns) {
      if (asn == null || asn <= 0 || asn > 4294967295L) {
        throw new CatalogueException(at + ": asns: not an AS number: " + asn);
      }
    }
    if (ptr.isEmpty()
        && spf.isEmpty()
        && dkimDomains.isEmpty()
        && selectors.isEmpty()
        && envelope.isEmpty()
        && asns.isEmpty()) {
      throw new CatalogueException(at + ": nothing to recognise the service by");
    }
    AlignmentFix fix = fix(d.fix(), templates, name, at);
    String docs = require(d.docs(), at, "docs");
    if (!docs.startsWith("https://")) {
      throw new CatalogueException(at + ": docs must be an https:// address");
    }
    return new SendingService(
        id,
        name,
        list(d.aliases()),
        category,
        Boolean.TRUE.equals(d.forwarding()),
        ptr,
        spf,
        dkimDomains,
        selectors,
        envelope,
        asns,
        fix,
        docs);
  }

  private static AlignmentFix fix(
      @Nullable FixDto dto, Map<String, FixDto> templates, String name, String at)
      throws CatalogueException {
    if (dto == null) {
      throw new CatalogueException(at + ": missing fix");
    }
    FixDto f = dto;
    if (dto.template() != null) {
      if (dto.spf() != null || dto.dkim() != null) {
        throw new CatalogueException(at + ": fix has both a template and its own text");
      }
      f = templates.get(dto.template());
      if (f == null) {
        throw new CatalogueException(at + ": unknown fix template \"" + dto.template() + "\"");
      }
    }
    String spf = f.spf();
    String dkim = f.dkim();
    if (spf == null || spf.isBlank() || dkim == null || dkim.isBlank()) {
      throw new CatalogueException(at + ": fix needs both spf and dkim text");
    }
    return new AlignmentFix(
        spf.replace("{name}", name).strip(), dkim.replace("{name}", name).strip());
  }

  private static void checkOverlaps(
      List<SendingService> services, List<OverlapDto> overlaps, Set<String> ids, String source)
      throws CatalogueException {
    Map<String, Set<String>> declared = new HashMap<>();
    for (OverlapDto o : overlaps) {
      String domain = require(o.domain(), source + ": overlaps", "domain");
      List<String> names = list(o.services());
      if (names.size() < 2 || o.reason() == null || o.reason().isBlank()) {
        throw new CatalogueException(
            source + ": overlap " + domain + " needs two services or more and a reason");
      }
      for (String n : names) {
        if (!ids.contains(n)) {
          throw new CatalogueException(source + ": overlap " + domain + ": unknown service " + n);
        }
      }
      declared.put(domain, new TreeSet<>(names));
    }
    Map<String, Set<String>> owners = new TreeMap<>();
    for (SendingService s : services) {
      for (List<String> kind :
          List.of(s.ptrSuffixes(), s.spfIncludes(), s.dkimDomains(), s.envelopeDomains())) {
        for (String domain : kind) {
          owners.computeIfAbsent(domain, k -> new TreeSet<>()).add(s.id());
        }
      }
    }
    for (Map.Entry<String, Set<String>> e : owners.entrySet()) {
      if (e.getValue().size() > 1 && !e.getValue().equals(declared.get(e.getKey()))) {
        throw new CatalogueException(
            source
                + ": domain "
                + e.getKey()
                + " is listed by "
                + e.getValue()
                + " but no overlaps entry names exactly these services");
      }
    }
    Map<String, Set<String>> unused = new LinkedHashMap<>(declared);
    owners.forEach((domain, who) -> unused.remove(domain, who));
    if (!unused.isEmpty()) {
      throw new CatalogueException(source + ": overlaps entries that match no listing: " + unused);
    }
  }

  private static List<String> domains(@Nullable List<String> values, String at, String field)
      throws CatalogueException {
    List<String> out = list(values);
    Set<String> seen = new HashSet<>();
    for (String v : out) {
      if (!isDomain(v)) {
        throw new CatalogueException(
            at + ": " + field + ": not a lower-case domain: \"" + v + "\"");
      }
      if (!seen.add(v)) {
        throw new CatalogueException(at + ": " + field + ": listed twice: " + v);
      }
    }
    return out;
  }

  /** Lower-case LDH labels (and {@code _} for SPF helper names), two labels or more. */
  static boolean isDomain(String v) {
    if (v.isEmpty() || v.length() > 253 || v.startsWith(".") || v.endsWith(".")) {
      return false;
    }
    String[] labels = v.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private static String require(@Nullable String value, String at, String field)
      throws CatalogueException {
    if (value == null || value.isBlank()) {
      throw new CatalogueException(at + ": missing " + field);
    }
    return value.strip();
  }

  private static List<String> list(@Nullable List<String> values) {
    if (values == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      if (v != null) {
        out.add(v.strip());
      }
    }
    return List.copyOf(out);
  }
}
