// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.ingest.ImapProbe;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.dmarcpilot.app.web.sources.InvalidSourceException;
import org.dmarcpilot.app.web.sources.SourceForm;
import org.dmarcpilot.app.web.sources.SourceSetting;
import org.dmarcpilot.app.web.sources.SourceSettings;
import org.jspecify.annotations.Nullable;

/**
 * {@code /settings/sources}: the watched folders and IMAP accounts: add, edit, enable, disable,
 * delete, and test an IMAP account's connection; the sources of the configuration listed read-only.
 * A mailbox whose login the server refused (stored or of the configuration) can be told to try
 * again; saving a stored one does that too, as it restarts it.
 */
public final class SourceSettingsPage {
  private final SourceSettings sources;
  private final Views views;

  /** The page over the sources. */
  public SourceSettingsPage(SourceSettings sources, Views views) {
    this.sources = Objects.requireNonNull(sources, "sources");
    this.views = Objects.requireNonNull(views, "views");
  }

  /**
   * What the list page shows.
   *
   * @param available whether sources can be managed on this server
   * @param rows the stored sources with their states
   * @param configured the sources of the configuration (read-only)
   * @param message the outcome of the last action, or null
   * @param error whether that outcome is an error
   * @param errors the bad fields of the form that was sent
   * @param form the add form that was sent back with errors, or the empty form
   * @param formKind which add form {@code form} belongs to ({@code folder} or {@code imap})
   * @param folderRoots the folders under which a folder may be watched (none: turned off)
   */
  public record SourcesView(
      boolean available,
      List<SourceSettings.Row> rows,
      List<SourceState> configured,
      @Nullable String message,
      boolean error,
      Map<String, String> errors,
      SourceForm form,
      String formKind,
      List<Path> folderRoots) {
    /** The add form of a kind: the one sent back, or an empty one. */
    public SourceForm formFor(String kind) {
      return kind.equals(formKind) ? form : SourceForm.empty();
    }

    /** Whether any source of the kind ({@code folder} or {@code imap}) is listed. */
    public boolean has(String kind) {
      return rows.stream().anyMatch(r -> r.setting().kind().equals(kind))
          || configured.stream().anyMatch(c -> c.definition().target().kind().equals(kind));
    }

    /** The bad fields of the add form of a kind (none unless it was the one sent). */
    public Map<String, String> errorsFor(String kind) {
      return kind.equals(formKind) ? errors : Map.of();
    }
  }

  /**
   * What the edit page shows.
   *
   * @param setting the stored source
   * @param form the form (as sent back, or from the stored source)
   * @param message the outcome of the last action, or null
   * @param error whether that outcome is an error
   * @param errors the bad fields
   */
  public record EditView(
      SourceSetting setting,
      SourceForm form,
      @Nullable String message,
      boolean error,
      Map<String, String> errors) {}

  /** {@code GET /settings/sources}. */
  public void show(Context ctx) {
    list(ctx, null, false, Map.of(), SourceForm.empty(), "");
  }

  /** {@code POST /settings/sources/folders}: adds a watched folder. */
  public void addFolder(Context ctx) {
    add(ctx, "folder");
  }

  /** {@code POST /settings/sources/imap}: adds an IMAP account. */
  public void addImap(Context ctx) {
    add(ctx, "imap");
  }

  private void add(Context ctx, String kind) {
    SourceForm form = SourceForm.from(ctx::formParam);
    try {
      SourceSetting s = sources.add(kind, form);
      list(
          ctx,
          "Added " + s.name() + (s.enabled() ? "; it runs now." : " (disabled)."),
          false,
          Map.of(),
          SourceForm.empty(),
          "");
    } catch (InvalidSourceException e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      list(ctx, "Not added: " + e.getMessage(), true, e.errors(), form, kind);
    }
  }

  /** {@code GET /settings/sources/{id}}: the edit form. */
  public void edit(Context ctx) {
    SourceSetting s = setting(ctx);
    edit(ctx, s, SourceForm.of(s), null, false, Map.of());
  }

  /** {@code POST /settings/sources/{id}}: saves the edit form and restarts the source. */
  public void save(Context ctx) {
    SourceSetting s = setting(ctx);
    SourceForm form = SourceForm.from(ctx::formParam);
    try {
      SourceSetting saved = sources.update(s.id(), form).orElseThrow(NotFoundResponse::new);
      list(
          ctx,
          "Saved " + saved.name() + (saved.enabled() ? "; it runs with the new settings." : "."),
          false,
          Map.of(),
          SourceForm.empty(),
          "");
    } catch (InvalidSourceException e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      edit(ctx, s, form, "Not saved: " + e.getMessage(), true, e.errors());
    }
  }

  /** {@code POST /settings/sources/{id}/enable}. */
  public void enable(Context ctx) {
    SourceSetting s = setting(ctx);
    sources.setEnabled(s.id(), true);
    list(ctx, "Enabled " + s.name() + ".", false, Map.of(), SourceForm.empty(), "");
  }

  /** {@code POST /settings/sources/{id}/disable}: stops the source. */
  public void disable(Context ctx) {
    SourceSetting s = setting(ctx);
    sources.setEnabled(s.id(), false);
    list(
        ctx, "Disabled " + s.name() + "; it has stopped.", false, Map.of(), SourceForm.empty(), "");
  }

  /** {@code POST /settings/sources/{id}/delete}: stops and deletes the source. */
  public void delete(Context ctx) {
    SourceSetting s = setting(ctx);
    sources.delete(s.id());
    list(ctx, "Deleted " + s.name() + ".", false, Map.of(), SourceForm.empty(), "");
  }

  /**
   * {@code POST /settings/sources/resume}: lets the source {@code source} (its supervisor id, of a
   * stored source or one of the configuration) log in again after the server refused its login. 404
   * for an unknown source, 409 for one that is not waiting after a refused login.
   */
  public void resume(Context ctx) {
    String id = Objects.requireNonNullElse(ctx.formParam("source"), "").strip();
    if (id.isEmpty()) {
      throw new BadRequestResponse("the form field 'source' is missing");
    }
    SourceState state =
        sources.states().stream()
            .filter(s -> s.id().equals(id))
            .findFirst()
            .orElseThrow(() -> new NotFoundResponse("no such source"));
    String name = state.definition().name();
    if (sources.resume(id)) {
      list(
          ctx,
          "Trying "
              + name
              + " again: it logs in once; if the server refuses the login again, it"
              + " waits again.",
          false,
          Map.of(),
          SourceForm.empty(),
          "");
      return;
    }
    ctx.status(HttpStatus.CONFLICT);
    list(
        ctx,
        name
            + " is not waiting after a refused login (it is "
            + state.status().label()
            + "); nothing was done.",
        true,
        Map.of(),
        SourceForm.empty(),
        "");
  }

  /** {@code POST /settings/sources/{id}/test}: tests a stored IMAP account. */
  public void test(Context ctx) {
    SourceSetting s = setting(ctx);
    ImapProbe.Result r =
        sources.test(s.id()).orElseThrow(() -> new NotFoundResponse("not an IMAP account"));
    if (!r.ok()) {
      ctx.status(HttpStatus.BAD_GATEWAY);
    }
    list(ctx, s.name() + ": " + outcome(r), !r.ok(), Map.of(), SourceForm.empty(), "");
  }

  /**
   * {@code POST /settings/sources/test}: tests the IMAP account of a form before it is saved (with
   * {@code id}: the stored password when the field is empty).
   */
  public void testForm(Context ctx) {
    SourceForm form = SourceForm.from(ctx::formParam);
    String idText = Objects.requireNonNullElse(ctx.formParam("id"), "").strip();
    long id = idText.isEmpty() ? 0 : parseId(idText);
    SourceSetting editing = id > 0 ? sources.find(id).orElse(null) : null;
    try {
      ImapProbe.Result r = sources.test(form, id);
      if (!r.ok()) {
        ctx.status(HttpStatus.BAD_GATEWAY);
      }
      String message = "Connection test: " + outcome(r);
      if (editing != null) {
        edit(ctx, editing, form, message, !r.ok(), Map.of());
      } else {
        list(ctx, message, !r.ok(), Map.of(), form, "imap");
      }
    } catch (InvalidSourceException e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      if (editing != null) {
        edit(ctx, editing, form, "Not tested: " + e.getMessage(), true, e.errors());
      } else {
        list(ctx, "Not tested: " + e.getMessage(), true, e.errors(), form, "imap");
      }
    }
  }

  /** The outcome of a connection test in words. */
  static String outcome(ImapProbe.Result r) {
    if (r.ok()) {
      return "logged in and opened the folder, which holds "
          + r.messages()
          + (r.messages() == 1 ? " message" : " messages")
          + " ("
          + r.elapsed().toMillis()
          + " ms).";
    }
    return "failed: " + r.error();
  }

  private SourceSetting setting(Context ctx) {
    long id = Params.pathId(ctx, "id");
    return sources.find(id).orElseThrow(() -> new NotFoundResponse("no source " + id));
  }

  private static long parseId(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new BadRequestResponse("'id' must be a positive number");
  }

  private void list(
      Context ctx,
      @Nullable String message,
      boolean error,
      Map<String, String> errors,
      SourceForm form,
      String formKind) {
    Chrome chrome = PageSupport.chrome(ctx, "Ingestion sources", "settings", null, null, List.of());
    views.render(
        ctx,
        "sources.jte",
        PageSupport.params(
            chrome,
            new SourcesView(
                sources.available(),
                sources.rows(),
                sources.configured(),
                message,
                error,
                errors,
                form,
                formKind,
                sources.folderRoots())));
  }

  private void edit(
      Context ctx,
      SourceSetting s,
      SourceForm form,
      @Nullable String message,
      boolean error,
      Map<String, String> errors) {
    Chrome chrome = PageSupport.chrome(ctx, "Edit " + s.name(), "settings", null, null, List.of());
    views.render(
        ctx,
        "source-edit.jte",
        PageSupport.params(chrome, new EditView(s, form, message, error, errors)));
  }
}
