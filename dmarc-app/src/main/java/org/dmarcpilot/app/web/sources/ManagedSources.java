// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.app.ingest.ImapProbe;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.supervise.IngestSupervisor;
import org.dmarcpilot.app.ingest.supervise.SourceDefinition;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.secrets.SecretBox;
import org.dmarcpilot.app.secrets.SecretException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link SourceSettings}: sources stored in the database, IMAP passwords (or OAuth client
 * secrets and refresh tokens) sealed by the secret box, and every change handed to the supervisor
 * at once (a changed source is restarted, the others keep running).
 *
 * <p>Processes sharing the database follow each other's changes by {@link #reconcile()}, which
 * {@link #follow(Duration)} runs every interval: the stored sources are compared with those last
 * handed to this supervisor, and only the ones that differ are started, restarted, stopped or
 * removed. Local changes and passes are serialized, so a source changed here is not applied twice.
 */
public final class ManagedSources implements SourceSettings {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedSources.class);

  /** The purpose the IMAP passwords are sealed for. */
  static final String PASSWORD_PURPOSE = "imap-password";

  /** How long a connection test may take. */
  public static final Duration TEST_TIMEOUT = Duration.ofSeconds(15);

  private final SqlSourceStore store;
  private final AccountSecrets secrets;
  private final IngestSupervisor supervisor;
  private final Duration testTimeout;
  private final FolderRoots roots;

  /** The stored sources as last handed to the supervisor, by id. */
  private final Map<Long, SourceSetting> applied = new HashMap<>();

  /** The refresh tokens the running sources' endpoints issued, kept in the store. */
  private final RotatedRefreshTokens rotated;

  /**
   * @param store the stored sources
   * @param box seals and opens the IMAP passwords, OAuth client secrets and refresh tokens
   * @param supervisor runs the sources
   * @param testTimeout how long a connection test may take
   * @param roots where the watched folders may be (a stored folder outside them is not run)
   */
  public ManagedSources(
      SqlSourceStore store,
      SecretBox box,
      IngestSupervisor supervisor,
      Duration testTimeout,
      FolderRoots roots) {
    this.store = Objects.requireNonNull(store, "store");
    this.secrets = new AccountSecrets(Objects.requireNonNull(box, "box"));
    this.rotated = new RotatedRefreshTokens(store, secrets);
    this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
    this.testTimeout = Objects.requireNonNull(testTimeout, "testTimeout");
    this.roots = Objects.requireNonNull(roots, "roots");
  }

  /**
   * Hands every stored source to the supervisor: the enabled ones start. Called once at start; the
   * same as {@link #reconcile()}.
   */
  public void startStored() {
    reconcile();
  }

  /**
   * Brings the supervisor in line with the stored sources, as another process sharing the database
   * may have changed them: a source not handed over before is started (or listed as stopped when
   * disabled), one whose stored definition changed is restarted (or stopped when disabled), one no
   * longer stored is stopped and forgotten. Sources unchanged since they were last handed over are
   * left alone (nothing is restarted), as are the sources of the configuration.
   *
   * @return how many sources were started, restarted, stopped or removed
   * @throws RuntimeException when the stored sources cannot be read (nothing changed then) or the
   *     supervisor refuses a source (closed); what was not applied is tried again next time
   */
  public synchronized int reconcile() {
    List<SourceSetting> stored = store.list();
    int changes = 0;
    Set<Long> seen = new HashSet<>();
    for (SourceSetting s : stored) {
      seen.add(s.id());
      SourceSetting was = applied.get(s.id());
      if (rotated.onlyKeptToken(s, was)) {
        applied.put(s.id(), s); // the running source's own new refresh token, kept
        continue;
      }
      if (!s.equals(was)) {
        apply(s);
        applied.put(s.id(), s);
        changes++;
      }
    }
    for (Long gone : new ArrayList<>(applied.keySet())) {
      if (!seen.contains(gone)) {
        supervisor.remove(SourceSetting.supervisorId(gone));
        applied.remove(gone);
        changes++;
      }
    }
    return changes;
  }

  /**
   * Runs {@link #reconcile()} every {@code interval} on a thread of its own until closed; a pass
   * that fails (the database cannot be read) is logged and the next one runs as planned.
   *
   * @return closing it stops the passes (waiting for one under way)
   */
  public AutoCloseable follow(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the interval must be positive: " + interval);
    }
    ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dmarcpilot-source-reconcile");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    loop.scheduleWithFixedDelay(this::reconcileLogged, ms, ms, TimeUnit.MILLISECONDS);
    return () -> {
      loop.shutdown();
      try {
        if (!loop.awaitTermination(
            IngestSupervisor.STOP_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS)) {
          loop.shutdownNow();
        }
      } catch (InterruptedException e) {
        loop.shutdownNow();
        Thread.currentThread().interrupt();
      }
    };
  }

  /** One pass of {@link #follow}: a failure is logged, never thrown (the next pass retries). */
  private void reconcileLogged() {
    try {
      int changes = reconcile();
      if (changes > 0) {
        LOG.info("ingestion sources: {} changed in the database, applied", changes);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "ingestion sources: following the stored sources failed, retrying in the next pass: {}",
          e.toString());
    }
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (SourceSetting s : store.list()) {
      out.add(new Row(s, supervisor.state(s.supervisorId()).orElse(null)));
    }
    return out;
  }

  @Override
  public List<SourceState> configured() {
    return supervisor.states().stream()
        .filter(s -> s.definition().origin() == SourceDefinition.Origin.CONFIGURATION)
        .toList();
  }

  @Override
  public List<SourceState> states() {
    return supervisor.states();
  }

  @Override
  public List<Path> folderRoots() {
    return roots.roots();
  }

  @Override
  public Optional<SourceSetting> find(long id) {
    return store.find(id);
  }

  @Override
  public synchronized SourceSetting add(String kind, SourceForm form)
      throws InvalidSourceException {
    SourceSetting s = sealed(validate(kind, form, null), null);
    checkUnique(s, 0);
    SourceSetting stored = store.insert(s);
    applyStored(stored);
    return stored;
  }

  @Override
  public synchronized Optional<SourceSetting> update(long id, SourceForm form)
      throws InvalidSourceException {
    Optional<SourceSetting> before = store.find(id);
    if (before.isEmpty()) {
      return Optional.empty();
    }
    SourceSetting s =
        sealed(validate(before.get().kind(), form, before.get()), before.get()).withId(id);
    checkUnique(s, id);
    store.update(s);
    applyStored(s);
    return Optional.of(s);
  }

  @Override
  public synchronized boolean setEnabled(long id, boolean enabled) {
    Optional<SourceSetting> s = store.find(id);
    if (s.isEmpty()) {
      return false;
    }
    SourceSetting changed = s.get().withEnabled(enabled);
    store.update(changed);
    applyStored(changed);
    return true;
  }

  @Override
  public synchronized boolean delete(long id) {
    boolean gone = store.delete(id);
    applied.remove(id);
    supervisor.remove(SourceSetting.supervisorId(id));
    return gone;
  }

  @Override
  public boolean resume(String sourceId) {
    return supervisor.resume(sourceId);
  }

  @Override
  public Optional<ImapProbe.Result> test(long id) {
    Optional<SourceSetting> s = store.find(id);
    if (s.isEmpty() || s.get().imap() == null) {
      return Optional.empty();
    }
    AccountSecrets.Login login;
    try {
      login = secrets.open(s.get().imap());
    } catch (SecretException | IllegalArgumentException e) {
      return Optional.of(
          new ImapProbe.Result(
              false,
              0,
              "the stored " + secretName(s.get().imap()) + ": " + e.getMessage(),
              Duration.ZERO));
    }
    return Optional.of(hint(ImapProbe.test(settings(s.get(), login), testTimeout), s.get().imap()));
  }

  @Override
  public ImapProbe.Result test(SourceForm form, long id) throws InvalidSourceException {
    Optional<SourceSetting> before = id > 0 ? store.find(id) : Optional.empty();
    ImapAccount was = before.map(SourceSetting::imap).orElse(null);
    SourceValidator.Valid v = SourceValidator.imap(form, SourceValidator.Stored.of(was));
    ImapAccount account = secrets.seal(v, was);
    AccountSecrets.Login login;
    try {
      login = secrets.open(account);
    } catch (SecretException | IllegalArgumentException e) {
      throw InvalidSourceException.of(
          account.oauth() == null ? "password" : "client_secret",
          "The stored " + secretName(account) + " cannot be used (" + e.getMessage() + ").");
    }
    return hint(ImapProbe.test(settings(v.setting(), login), testTimeout), account);
  }

  /** What an account's stored secret is, for messages. */
  private static String secretName(ImapAccount a) {
    return a.oauth() == null ? "password" : "OAuth client secret or refresh token";
  }

  /** A failed test because of an untrusted certificate, with what to do about it. */
  static ImapProbe.Result hint(ImapProbe.Result r, @Nullable ImapAccount a) {
    if (r.ok() || a == null || a.trustCertificate() || !ImapProbe.untrustedCertificate(r.error())) {
      return r;
    }
    return new ImapProbe.Result(
        false,
        0,
        r.error()
            + ". If this server's certificate is self-signed and you trust this server, tick"
            + " \"Trust this server's certificate without a CA (self-signed)\".",
        r.elapsed());
  }

  private SourceValidator.Valid validate(
      String kind, SourceForm form, @Nullable SourceSetting before) throws InvalidSourceException {
    return switch (kind) {
      case "folder" -> SourceValidator.folder(form, roots);
      case "imap" ->
          SourceValidator.imap(
              form, SourceValidator.Stored.of(before == null ? null : before.imap()));
      default ->
          throw InvalidSourceException.of("kind", "A source is a folder or an IMAP account.");
    };
  }

  /**
   * The setting with its secrets sealed (the new ones, or the stored ones when left empty; those of
   * the other way of signing in are dropped).
   */
  private SourceSetting sealed(SourceValidator.Valid v, @Nullable SourceSetting before) {
    SourceSetting s = v.setting();
    if (s.imap() == null) {
      return s;
    }
    ImapAccount sealed = secrets.seal(v, before == null ? null : before.imap());
    return new SourceSetting(s.id(), s.name(), s.enabled(), s.interval(), null, sealed);
  }

  private void checkUnique(SourceSetting s, long self) throws InvalidSourceException {
    for (SourceSetting o : store.list()) {
      if (o.id() == self) {
        continue;
      }
      if (s.folder() != null && s.folder().equals(o.folder())) {
        throw InvalidSourceException.of("path", "This folder is watched already.");
      }
      if (s.imap() != null && o.imap() != null && sameMailbox(s.imap(), o.imap())) {
        throw InvalidSourceException.of(
            "user",
            "This mailbox (" + o.imap().mailbox() + ") is read already by " + o.name() + ".");
      }
    }
    for (SourceState c : configured()) {
      if (c.definition().target().describe().equals(describe(s))) {
        throw new InvalidSourceException(
            Map.of(
                s.folder() != null ? "path" : "user",
                "The configuration file reads this " + s.kind() + " already."));
      }
    }
  }

  private static boolean sameMailbox(ImapAccount a, ImapAccount b) {
    return a.host().equals(b.host())
        && a.user().equals(b.user())
        && a.folder().equals(b.folder())
        && a.effectivePort() == b.effectivePort();
  }

  private static String describe(SourceSetting s) {
    return s.folder() != null ? s.folder().toString() : s.imap().mailbox();
  }

  /**
   * Applies a source just written here as the database now holds it (read back, so that the next
   * {@link #reconcile()} finds it unchanged and does not restart it).
   */
  private void applyStored(SourceSetting written) {
    Optional<SourceSetting> now = store.find(written.id());
    if (now.isEmpty()) {
      applied.remove(written.id());
      supervisor.remove(written.supervisorId());
      return;
    }
    apply(now.get());
    applied.put(written.id(), now.get());
  }

  /** Starts, restarts or stops the stored source in the supervisor, as it is now. */
  private void apply(SourceSetting s) {
    ImapAccount a = s.imap();
    if (a == null) {
      SourceDefinition d =
          new SourceDefinition(
              s.supervisorId(),
              s.name(),
              new SourceDefinition.Folder(s.folder(), s.interval()),
              SourceDefinition.Origin.SETTINGS);
      Optional<String> refused = roots.refusal(s.folder());
      if (refused.isPresent()) { // stored before the roots were set or changed: shown, not run
        LOG.warn("watched folder {} is not run: {}", s.folder(), refused.get());
        supervisor.unavailable(d, "not run: " + refused.get() + " Change or delete it.");
        return;
      }
      run(d, s.enabled());
      return;
    }
    rotated.starting(s.id());
    AccountSecrets.Login login;
    try {
      login =
          a.oauth() == null
              ? secrets.open(a)
              : secrets.open(a, rotated.keeper(s, a.oauth().sealedRefreshToken()));
    } catch (SecretException | IllegalArgumentException e) {
      LOG.warn("IMAP account {} cannot run: {}", s.name(), e.getMessage());
      supervisor.unavailable(
          definition(s, new AccountSecrets.Login("", ImapSettings.Auth.PASSWORD)),
          "the stored " + secretName(a) + " cannot be used: " + e.getMessage());
      return;
    }
    run(definition(s, login), s.enabled());
  }

  private void run(SourceDefinition d, boolean enabled) {
    if (enabled) {
      supervisor.start(d);
    } else {
      supervisor.disable(d);
    }
  }

  /**
   * The definition of a stored account; an OAuth account's token endpoint is made here, once for
   * the running source, so that its token is kept across the source's reconnects.
   */
  private static SourceDefinition definition(SourceSetting s, AccountSecrets.Login login) {
    return new SourceDefinition(
        s.supervisorId(),
        s.name(),
        new SourceDefinition.Mailbox(settings(s, login)),
        SourceDefinition.Origin.SETTINGS);
  }

  /**
   * The ingest's settings of a stored account: IDLE, reconnecting for as long as it takes; its host
   * trusted without a CA when the account says so (for the connection test and the running source
   * alike); signing in with the password or with XOAUTH2 and the login's token endpoint.
   */
  static ImapSettings settings(SourceSetting s, AccountSecrets.Login login) {
    ImapAccount a = Objects.requireNonNull(s.imap(), "imap");
    return new ImapSettings(
        a.host(),
        a.port(),
        a.security(),
        a.user(),
        login.password(),
        a.folder(),
        a.doneFolder(),
        a.failedFolder(),
        a.after(),
        true,
        s.interval(),
        a.trustHosts(),
        Integer.MAX_VALUE,
        login.auth());
  }
}
