// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.util.LinkedHashMap;
import java.util.Map;

/** A source form with bad fields: each field's problem, in form order. */
public final class InvalidSourceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Map<String, String> errors;

  /**
   * @param errors the problem of each bad field, by form field name (at least one)
   */
  public InvalidSourceException(Map<String, String> errors) {
    super(String.join(" ", errors.values()));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    this.errors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  /** One field's problem. */
  public static InvalidSourceException of(String field, String message) {
    return new InvalidSourceException(Map.of(field, message));
  }

  /** The problem of each bad field. */
  public Map<String, String> errors() {
    return errors;
  }
}
