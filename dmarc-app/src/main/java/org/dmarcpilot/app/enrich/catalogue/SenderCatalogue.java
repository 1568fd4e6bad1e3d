// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sending-service catalogue with its lookups. Immutable and thread-safe.
 *
 * <pre>{@code
 * SenderCatalogue catalogue = SenderCatalogue.builtIn();
 * catalogue.byPtr("a8-12.smtp-out.amazonses.com");   // [Amazon SES]
 * catalogue.byDkimDomain("sendgrid.info");             // [SendGrid]
 * catalogue.expect("mailchimp").fix().dkim();          // how to align Mailchimp's DKIM
 * }</pre>
 *
 * <p>Each domain lookup finds the longest catalogued suffix of the name and returns the services
 * listing it (several only where the catalogue declares an overlap), or an empty list.
 */
public final class SenderCatalogue {
  /** The resource name of the catalogue shipped with the application. */
  public static final String RESOURCE = "sending-services.yaml";

  private static volatile SenderCatalogue builtIn;

  private final List<SendingService> services;
  private final Map<String, SendingService> byId;
  private final Map<String, List<SendingService>> ptr;
  private final Map<String, List<SendingService>> spf;
  private final Map<String, List<SendingService>> dkim;
  private final Map<String, List<SendingService>> envelope;
  private final Map<Long, List<SendingService>> asn;

  private SenderCatalogue(List<SendingService> services) {
    this.services = List.copyOf(services);
    Map<String, SendingService> ids = new LinkedHashMap<>();
    for (SendingService s : services) {
      ids.put(s.id(), s);
    }
    this.byId = Map.copyOf(ids);
    this.ptr = index(services, SendingService::ptrSuffixes);
    this.spf = index(services, SendingService::spfIncludes);
    this.dkim = index(services, SendingService::dkimDomains);
    this.envelope = index(services, SendingService::envelopeDomains);
    Map<Long, List<SendingService>> a = new HashMap<>();
    for (SendingService s : services) {
      for (Long n : s.asns()) {
        a.computeIfAbsent(n, k -> new ArrayList<>()).add(s);
      }
    }
    a.replaceAll((k, v) -> List.copyOf(v));
    this.asn = Map.copyOf(a);
  }

  /**
   * The catalogue shipped with the application (loaded once).
   *
   * @throws IllegalStateException if the shipped file is broken (a build error, caught by tests)
   */
  public static SenderCatalogue builtIn() {
    SenderCatalogue c = builtIn;
    if (c == null) {
      try (InputStream in = SenderCatalogue.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("catalogue resource missing: " + RESOURCE);
        }
        c = new SenderCatalogue(CatalogueReader.read(in, RESOURCE));
      } catch (CatalogueException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      builtIn = c;
    }
    return c;
  }

  /**
   * Reads a catalogue file in the same format as the shipped one (for operators who keep their
   * own).
   *
   * @throws CatalogueException if the file cannot be read or breaks a rule
   */
  public static SenderCatalogue load(Path file) throws CatalogueException {
    try (InputStream in = Files.newInputStream(file)) {
      return new SenderCatalogue(CatalogueReader.read(in, file.toString()));
    } catch (IOException e) {
      throw new CatalogueException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a catalogue from a stream.
   *
   * @param source names the input in error messages
   * @throws CatalogueException if the input cannot be read or breaks a rule
   */
  public static SenderCatalogue read(InputStream in, String source) throws CatalogueException {
    return new SenderCatalogue(CatalogueReader.read(in, source));
  }

  /** All services in file order. */
  public List<SendingService> services() {
    return services;
  }

  /** The service with this id. */
  public Optional<SendingService> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The service with this id.
   *
   * @throws NoSuchElementException if there is none
   */
  public SendingService expect(String id) {
    SendingService s = byId.get(id);
    if (s == null) {
      throw new NoSuchElementException("no service with id " + id);
    }
    return s;
  }

  /** The services whose outbound host names end with the longest matching suffix of a PTR name. */
  public List<SendingService> byPtr(String hostName) {
    return longestSuffix(ptr, hostName);
  }

  /** The services that publish this SPF include domain (or a parent of it). */
  public List<SendingService> bySpfInclude(String domain) {
    return longestSuffix(spf, domain);
  }

  /** The services that sign with this {@code d=} domain (or a parent of it) in their own name. */
  public List<SendingService> byDkimDomain(String domain) {
    return longestSuffix(dkim, domain);
  }

  /** The services whose default return-path domain is this domain (or a parent of it). */
  public List<SendingService> byEnvelopeDomain(String domain) {
    return longestSuffix(envelope, domain);
  }

  /** The services whose mail this autonomous system carries. */
  public List<SendingService> byAsn(long asNumber) {
    return asn.getOrDefault(asNumber, List.of());
  }

  /** The services that use this DKIM selector name (weak evidence: names like {@code s1}). */
  public List<SendingService> bySelector(String selector) {
    List<SendingService> out = new ArrayList<>();
    for (SendingService s : services) {
      if (s.matchesSelector(selector)) {
        out.add(s);
      }
    }
    return out;
  }

  private static List<SendingService> longestSuffix(
      Map<String, List<SendingService>> index, String name) {
    Objects.requireNonNull(name, "name");
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    int guard = 0;
    while (!n.isEmpty() && guard++ < 128) {
      List<SendingService> hit = index.get(n);
      if (hit != null) {
        return hit;
      }
      int dot = n.indexOf('.');
      if (dot < 0) {
        break;
      }
      n = n.substring(dot + 1);
    }
    return List.of();
  }

  private static Map<String, List<SendingService>> index(
      List<SendingService> services, Function<SendingService, List<String>> field) {
    Map<String, List<SendingService>> m = new HashMap<>();
    for (SendingService s : services) {
      for (String d : field.apply(s)) {
        m.computeIfAbsent(d, k -> new ArrayList<>()).add(s);
      }
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    return Map.copyOf(m);
  }
}
