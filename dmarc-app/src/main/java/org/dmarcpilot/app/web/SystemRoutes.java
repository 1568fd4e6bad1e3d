// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /health} (public) and {@code /metrics} (Prometheus text; needs a token or session). */
final class SystemRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SystemRoutes.class);

  private final WebServices services;

  SystemRoutes(WebServices services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  /**
   * The health answer.
   *
   * @param status {@code up} or {@code down}
   * @param database whether the database answered
   */
  record HealthJson(String status, boolean database) {}

  void health(Context ctx) {
    boolean db;
    try {
      services.auth().users();
      db = true;
    } catch (RuntimeException e) {
      LOG.warn("health: database did not answer: {}", e.toString());
      db = false;
    }
    ctx.status(db ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .json(new HealthJson(db ? "up" : "down", db));
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
    ctx.result(services.metrics().scrape());
  }
}
