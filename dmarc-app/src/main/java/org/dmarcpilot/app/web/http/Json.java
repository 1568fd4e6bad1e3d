// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON mapping of the API: records as objects, times as ISO-8601 text. */
public final class Json {
  private Json() {}

  /** A new mapper configured for the API. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }
}
