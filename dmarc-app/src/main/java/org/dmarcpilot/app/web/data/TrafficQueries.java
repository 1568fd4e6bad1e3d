// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.List;

/** Volumes and pass rates over time, for the Overview and Domain pages and the API. */
public interface TrafficQueries {
  /** Every policy domain with mail in the range, by name. */
  List<DomainTraffic> domains(DateRange range);

  /** One domain's days in the range, oldest first, one entry per day (zeros included). */
  List<DailyTraffic> daily(String domain, DateRange range);
}
