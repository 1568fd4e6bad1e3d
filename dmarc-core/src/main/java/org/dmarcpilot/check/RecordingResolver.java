// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.RecordType;
import org.dmarcpilot.dns.ResourceData;

/** A resolver that remembers the questions that failed temporarily, for one audit. */
final class RecordingResolver implements DnsResolver {
  private final DnsResolver delegate;
  private final Set<String> failures = new LinkedHashSet<>();

  RecordingResolver(DnsResolver delegate) {
    this.delegate = delegate;
  }

  @Override
  public DnsAnswer<ResourceData> query(String name, RecordType type) {
    DnsAnswer<ResourceData> a = delegate.query(name, type);
    if (a.status() == DnsStatus.TEMPFAIL) {
      synchronized (failures) {
        failures.add(a.describe());
      }
    }
    return a;
  }

  List<String> failures() {
    synchronized (failures) {
      return new ArrayList<>(failures);
    }
  }
}
