// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load loop: sends GET requests for each path to a server on this machine (loopback
 * only), with a fixed number of requests and a time limit, and reports latency percentiles.
 */
public final class LoadLoop {
  private final HttpClient client;
  private final URI base;

  /**
   * A loop against {@code base} whose client carries the session cookie of a login.
   *
   * @throws IllegalArgumentException when the host is not a loopback address
   */
  public LoadLoop(URI base, HttpClient client) throws IOException {
    this.base = Objects.requireNonNull(base, "base");
    this.client = Objects.requireNonNull(client, "client");
    InetAddress host = InetAddress.getByName(base.getHost());
    if (!host.isLoopbackAddress()) {
      throw new IllegalArgumentException("load is sent to loopback only, not " + base.getHost());
    }
  }

  /**
   * Latency figures of one path.
   *
   * @param path the path
   * @param requests requests measured
   * @param errors answers that were not 200
   * @param p50Ms median latency
   * @param p95Ms 95th percentile
   * @param p99Ms 99th percentile
   * @param maxMs the slowest
   * @param perSecond requests per second over the run
   */
  public record Result(
      String path,
      int requests,
      int errors,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs,
      double perSecond) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%-60s n=%5d err=%d p50=%7.2f ms p95=%7.2f ms p99=%7.2f ms max=%7.2f ms %7.1f req/s",
          path,
          requests,
          errors,
          p50Ms,
          p95Ms,
          p99Ms,
          maxMs,
          perSecond);
    }
  }

  /**
   * Runs {@code warmup} unmeasured then {@code requests} measured requests for the path, {@code
   * concurrency} at a time, stopping early at {@code limit}.
   */
  public Result run(String path, int warmup, int requests, int concurrency, Duration limit)
      throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Accept", "application/json, text/html")
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    for (int i = 0; i < warmup; i++) {
      send(request);
    }
    long[] nanos = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long deadline = System.nanoTime() + limit.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        workers.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < requests && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    int status = send(request);
                    nanos[i] = System.nanoTime() - t0;
                    if (status != 200) {
                      errors.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int done = Math.min(requests, next.get());
    long[] measured = Arrays.stream(nanos, 0, done).filter(n -> n > 0).sorted().toArray();
    return new Result(
        path,
        measured.length,
        errors.get(),
        percentile(measured, 50),
        percentile(measured, 95),
        percentile(measured, 99),
        measured.length == 0 ? 0 : measured[measured.length - 1] / 1e6,
        measured.length / seconds);
  }

  private int send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The p-th percentile (nearest rank) of sorted nanoseconds, in milliseconds. */
  static double percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
