// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.app.web.api.ErrorJson;
import org.dmarcpilot.app.web.http.BodyProblems;
import org.dmarcpilot.app.web.http.Json;
import org.dmarcpilot.app.web.http.Views;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard and API server: Javalin with the {@link Routes route table}, every handler wrapped
 * by the {@link RequestGuard}, security headers on every response, our static files and WebJars,
 * HTTP timings in the metrics registry, and errors answered as JSON (API) or an error page.
 *
 * <pre>{@code
 * try (WebServer server = WebServer.start(new WebConfig("127.0.0.1", 8080, false), services)) {
 *   System.out.println("open " + server.uri());
 *   server.join();
 * }
 * }</pre>
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final String ROUTE_ATTRIBUTE = "dmarcpilot.route";

  /**
   * The largest request body read outside multipart uploads: {@value} bytes. Forms are small (a
   * login is under 1 KiB); files come as multipart/form-data, which has its own limits.
   */
  public static final long MAX_FORM_BYTES = 64 * 1024;

  /**
   * The slowest a request body may arrive, in bytes per second on average since its first byte:
   * {@value}. A body sent slower (a byte now and then, which never lets the idle timeout pass) is
   * cut off with 408, so that a client cannot hold a server thread for as long as it likes. Low on
   * purpose: an upload that has sent its first 64 KiB may then stall for over four minutes.
   */
  public static final long MIN_REQUEST_BYTES_PER_SECOND = 256;

  private final Javalin app;
  private final List<Route> routes;
  private final WebConfig config;

  private WebServer(Javalin app, List<Route> routes, WebConfig config) {
    this.app = app;
    this.routes = routes;
    this.config = config;
  }

  /** Builds the server and starts it listening. */
  public static WebServer start(WebConfig config, WebServices services) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(services, "services");
    Views views = new Views();
    List<Route> routes = Routes.table(services, config, views);
    RequestGuard guard = new RequestGuard(services.auth());
    ObjectMapper mapper = Json.mapper();
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jsonMapper(new JavalinJackson(mapper, false));
              cfg.http.maxRequestSize = MAX_FORM_BYTES;
              cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrors(mapper)));
              cfg.jetty.modifyHttpConfiguration(
                  http -> http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND));
              cfg.jetty.multipartConfig.maxFileSize(64, io.javalin.config.SizeUnit.MB);
              cfg.jetty.multipartConfig.maxTotalRequestSize(256, io.javalin.config.SizeUnit.MB);
              cfg.jetty.multipartConfig.maxInMemoryFileSize(1, io.javalin.config.SizeUnit.MB);
              cfg.staticFiles.add(
                  sf -> {
                    sf.hostedPath = "/static";
                    sf.directory = "/web/static";
                    sf.location = Location.CLASSPATH;
                  });
              cfg.staticFiles.enableWebjars();
              cfg.requestLogger.http((ctx, ms) -> time(services, ctx, ms));
              cfg.routes.before(ctx -> SecurityHeaders.apply(ctx, "https".equals(ctx.scheme())));
              for (Route route : routes) {
                io.javalin.http.Handler guarded = guard.wrap(route);
                cfg.routes.addHttpHandler(
                    route.method(),
                    route.path(),
                    ctx -> {
                      ctx.attribute(ROUTE_ATTRIBUTE, route.path());
                      guarded.handle(ctx);
                    });
              }
              cfg.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> {
                    HttpResponseException answer = e;
                    if (tooLargeByJavalin(e)) {
                      answer = BodyProblems.formTooLarge(MAX_FORM_BYTES);
                      ctx.header("Connection", "close"); // the rest of the body is not read
                    }
                    error(ctx, answer.getStatus(), answer.getMessage(), views);
                  });
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    Optional<HttpResponseException> bad = BodyProblems.of(e);
                    if (bad.isPresent()) {
                      LOG.debug("{} {}: {}", ctx.method(), ctx.path(), bad.get().getMessage());
                      ctx.header("Connection", "close"); // the rest of the body is not read
                      error(ctx, bad.get().getStatus(), bad.get().getMessage(), views);
                      return;
                    }
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal error; the server log has the details", views);
                  });
              cfg.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null) {
                      error(ctx, 404, "not found: " + ctx.path(), views);
                    }
                  });
            });
    app.start(config.bind(), config.port());
    for (Connector c : app.jettyServer().server().getConnectors()) {
      if (c instanceof AbstractConnector a) {
        a.setIdleTimeout(config.idleTimeout().toMillis());
      }
    }
    return new WebServer(app, routes, config);
  }

  /** Javalin's own 413 when a body passes {@code maxRequestSize}: it names no limit. */
  private static boolean tooLargeByJavalin(HttpResponseException e) {
    return e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()
        && HttpStatus.CONTENT_TOO_LARGE.getMessage().equals(e.getMessage());
  }

  private static void time(WebServices services, Context ctx, Float ms) {
    String route = ctx.attribute(ROUTE_ATTRIBUTE);
    if (route == null) {
      String p = ctx.path();
      route = p.startsWith("/static/") || p.startsWith("/webjars/") ? "static" : "unmatched";
    }
    Timer.builder("http.server.requests")
        .description("HTTP requests by route template")
        .tag("method", ctx.method().name())
        .tag("uri", route)
        .tag("status", String.valueOf(ctx.statusCode()))
        .publishPercentileHistogram(false)
        .register(services.metrics())
        .record((long) (ms * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  private static void error(Context ctx, int status, String message, Views views) {
    ctx.status(status);
    if (RequestGuard.machineRoute(ctx.path()) || acceptsJsonOnly(ctx)) {
      ctx.json(new ErrorJson(status, message));
    } else {
      String title = HttpStatus.forStatus(status).getMessage();
      ctx.html(
          views.render("error.jte", Map.of("status", status, "title", title, "message", message)));
    }
  }

  private static boolean acceptsJsonOnly(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** The base URI, for example {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /** The route table the server runs. */
  public List<Route> routes() {
    return routes;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    app.jettyServer().server().join();
  }

  /** Stops the server. */
  @Override
  public void close() {
    app.stop();
  }
}
