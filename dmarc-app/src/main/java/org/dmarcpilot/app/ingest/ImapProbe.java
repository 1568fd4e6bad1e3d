// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * "Test connection" for an IMAP mailbox: connects (TLS or STARTTLS as set), logs in (with the
 * password, or with an access token fetched now), opens the folder read-only and counts its
 * messages. Nothing is changed in the mailbox. The whole test is bounded by a timeout.
 *
 * <pre>{@code
 * ImapProbe.Result r = ImapProbe.test(settings, Duration.ofSeconds(15));
 * if (r.ok()) { ... r.messages() ... } else { ... r.error() ... }
 * }</pre>
 */
public final class ImapProbe {
  /** How a failure because the server's certificate is not trusted begins. */
  public static final String UNTRUSTED_CERTIFICATE =
      "the server's certificate is not trusted (no CA the JDK trusts signed it, as with a"
          + " self-signed certificate)";

  private ImapProbe() {}

  /** Whether a failure's message says the server's certificate is not trusted. */
  public static boolean untrustedCertificate(@Nullable String error) {
    return error != null && error.startsWith(UNTRUSTED_CERTIFICATE);
  }

  /**
   * What the test found.
   *
   * @param ok whether login and folder worked
   * @param messages messages in the folder (0 when not ok)
   * @param error why it failed, or null
   * @param elapsed how long the test took
   */
  public record Result(boolean ok, int messages, @Nullable String error, Duration elapsed) {
    /** Checks the fields. */
    public Result {
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /**
   * Tests the mailbox; never throws for a failed connection, login or folder.
   *
   * @param settings the mailbox
   * @param timeout the longest the test takes
   */
  public static Result test(ImapSettings settings, Duration timeout) {
    Objects.requireNonNull(settings, "settings");
    long t0 = System.nanoTime();
    int ms = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    ExecutorService ex =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "imap-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<Integer> f = ex.submit(() -> count(settings, ms));
      int n = f.get(ms, TimeUnit.MILLISECONDS);
      return new Result(true, n, null, since(t0));
    } catch (TimeoutException e) {
      return new Result(
          false, 0, "no answer within " + ms / 1000 + " s from " + settings.host(), since(t0));
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      return new Result(false, 0, describe(c), since(t0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, 0, "interrupted", since(t0));
    } finally {
      ex.shutdownNow();
    }
  }

  private static int count(ImapSettings settings, int ms) throws Exception {
    Store store = null;
    try {
      store = ImapInputSource.connect(settings, ms, ms);
      Folder folder = store.getFolder(settings.folder());
      if (!folder.exists()) {
        throw new MessagingException("folder " + settings.folder() + " does not exist");
      }
      folder.open(Folder.READ_ONLY);
      try {
        return folder.getMessageCount();
      } finally {
        folder.close(false);
      }
    } finally {
      ImapInputSource.closeQuietly(store);
    }
  }

  /** The message of a failure with its causes, e.g. a refused connection under a mail exception. */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    if (untrusted(t)) {
      sb.append(UNTRUSTED_CERTIFICATE);
    }
    for (Throwable c = t; c != null && sb.length() < 500; c = c.getCause()) {
      String m = c.getMessage();
      if (m == null || m.isBlank()) {
        m = c.getClass().getSimpleName();
      }
      if (sb.indexOf(m) < 0) {
        if (sb.length() > 0) {
          sb.append(": ");
        }
        sb.append(m.strip());
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return sb.toString();
  }

  /** Whether a certificate path to a trusted CA was not found somewhere in the causes. */
  private static boolean untrusted(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
      if (c instanceof java.security.cert.CertPathBuilderException
          || c instanceof java.security.cert.CertPathValidatorException) {
        return true;
      }
      String m = c.getMessage();
      if (c instanceof javax.net.ssl.SSLHandshakeException
          && m != null
          && m.contains("PKIX path")) {
        return true;
      }
    }
    return false;
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
