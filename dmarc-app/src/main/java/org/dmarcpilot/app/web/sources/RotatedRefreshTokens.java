// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refresh tokens that the token endpoints of running stored accounts issued (Microsoft issues
 * one with every token), kept sealed in the store in place of the ones the sources started with, so
 * that a restart, or another process taking a source over, starts from the newest. A stored source
 * that differs from the one handed to the supervisor only by such a token is no reason to restart
 * it.
 */
final class RotatedRefreshTokens {
  private static final Logger LOG = LoggerFactory.getLogger(RotatedRefreshTokens.class);

  private final SqlSourceStore store;
  private final AccountSecrets secrets;

  /** The sealed refresh tokens stored by the running sources, by id. */
  private final Map<Long, String> kept = new ConcurrentHashMap<>();

  RotatedRefreshTokens(SqlSourceStore store, AccountSecrets secrets) {
    this.store = store;
    this.secrets = secrets;
  }

  /** A source (re)starts from what is stored: what its earlier run kept no longer counts. */
  void starting(long id) {
    kept.remove(id);
  }

  /** Whether {@code stored} is {@code applied} with only the refresh token its run kept. */
  boolean onlyKeptToken(SourceSetting stored, @Nullable SourceSetting applied) {
    String own = kept.get(stored.id());
    return applied != null && own != null && stored.equals(applied.withSealedRefreshToken(own));
  }

  /**
   * Keeps each new refresh token of the running source {@code s}: sealed, in place of the stored
   * one while that is still the one the source last had ({@code startedWith} at first). Runs on the
   * source's thread; a failure is thrown to the endpoint, which logs it.
   */
  Consumer<String> keeper(SourceSetting s, String startedWith) {
    AtomicReference<String> current = new AtomicReference<>(startedWith);
    return token -> {
      if (current.get().isEmpty()) {
        return; // client_credentials: nothing stored to replace
      }
      String sealed = secrets.sealRefreshToken(token);
      kept.put(s.id(), sealed);
      boolean stored = false;
      try {
        stored = store.replaceRefreshToken(s.id(), current.get(), sealed);
      } finally {
        if (stored) {
          current.set(sealed);
        } else {
          kept.remove(s.id(), sealed);
        }
      }
      if (stored) {
        LOG.debug("IMAP account {}: the new refresh token is stored", s.name());
      } else {
        LOG.info(
            "IMAP account {}: the token endpoint issued a new refresh token, not stored: the"
                + " account was changed meanwhile",
            s.name());
      }
    };
  }
}
