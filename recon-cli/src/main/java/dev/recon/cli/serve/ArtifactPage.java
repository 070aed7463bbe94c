package dev.recon.cli.serve;

import dev.recon.cli.serve.Console.ArtifactView;
import dev.recon.cli.serve.Console.Field;
import dev.recon.cli.serve.Console.Frame;
import dev.recon.cli.serve.Console.LineRow;
import dev.recon.cli.serve.Console.PageLink;
import dev.recon.cli.serve.Console.VersionRow;
import dev.recon.core.codec.ArtifactSlice;
import dev.recon.core.error.InvalidIdException;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.Line;
import dev.recon.core.model.Money;
import dev.recon.core.quarantine.DisplayText;
import dev.recon.core.query.ArtifactApi;
import dev.recon.core.query.ArtifactQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * The artifact page: the search form, and for a found id its header, balances, one page of lines,
 * its versions with what each added, and a link to the JSON. Nothing decodes the whole artifact:
 * the page's lines come from {@link ArtifactQuery#slice} (ranged GETs up to the page), each version
 * from its head and tail ({@link ArtifactQuery#versions}), the as-of version from {@link
 * ArtifactQuery#versionAt}. Free text of the lines (event ids, types, sources, references) goes
 * through {@link DisplayText} (control and format characters as {@code \\uXXXX}), then the
 * template's HTML escaping.
 */
final class ArtifactPage {
  /** Lines per page. */
  static final int PAGE_SIZE = 100;

  /** Versions listed at most (a hot key may have thousands; each costs two small GETs). */
  static final int VERSIONS_MAX = 50;

  private ArtifactPage() {}

  /** A page and the HTTP status it is served with. */
  record Result(int status, ArtifactView view) {}

  /**
   * @param id the decoded id, or null for the bare search form
   * @param asOfRaw the "as of" field as typed, or null
   * @param page 1-based page of lines
   */
  static Result build(Frame frame, ArtifactQuery query, String id, String asOfRaw, long page) {
    long started = System.nanoTime();
    String asOfInput = asOfRaw == null ? "" : asOfRaw.strip();
    if (id == null || id.isEmpty()) {
      return new Result(200, empty(frame, "", asOfInput, null));
    }
    Optional<Instant> asOf =
        asOfInput.isEmpty() ? Optional.empty() : ArtifactApi.instant(asOfInput);
    if (!asOfInput.isEmpty() && asOf.isEmpty()) {
      return new Result(
          400,
          empty(
              frame,
              id,
              asOfInput,
              "“as of” must be an ISO-8601 instant in UTC, such as 2026-11-22T10:00:00Z"));
    }
    Optional<IndexEntry> entry;
    try {
      entry = query.entry(id);
    } catch (InvalidIdException e) {
      return new Result(400, empty(frame, id, asOfInput, e.getMessage()));
    }
    if (entry.isEmpty()) {
      return new Result(404, empty(frame, id, asOfInput, "No artifact with this id."));
    }
    List<ArtifactQuery.Version> versions = query.versions(entry.get().location(), VERSIONS_MAX);
    ArtifactQuery.Version shown;
    if (asOf.isPresent()) {
      Optional<ArtifactQuery.Version> at =
          versions.stream().filter(v -> !v.head().asOf().isAfter(asOf.get())).findFirst();
      if (at.isEmpty() && versions.size() == VERSIONS_MAX) {
        at = query.versionAt(versions.get(versions.size() - 1).location(), asOf.get());
      }
      if (at.isEmpty()) {
        return new Result(
            404,
            empty(
                frame,
                id,
                asOfInput,
                "This artifact did not exist yet at "
                    + asOf.get()
                    + ": its first version is as of a later time."));
      }
      shown = at.get();
    } else {
      shown = versions.get(0);
    }
    long lineCount = shown.head().lineCount();
    long pages = Math.max(1, (lineCount + PAGE_SIZE - 1) / PAGE_SIZE);
    long p = Math.max(1, page);
    ArtifactSlice slice =
        p > pages ? shown.head() : query.slice(shown.location(), (p - 1) * PAGE_SIZE, PAGE_SIZE);

    String base = "ui/artifacts/" + Console.segment(id);
    String asOfQuery = asOf.map(t -> "asOf=" + Console.segment(t.toString())).orElse(null);
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("id", id));
    fields.add(new Field("version", Long.toString(slice.version())));
    fields.add(new Field("as of", slice.asOf().toString()));
    fields.add(new Field("status", slice.status().name()));
    fields.add(new Field("lines", Long.toString(lineCount)));
    fields.add(new Field("first event", text(slice.firstEventTime())));
    fields.add(new Field("last event", text(slice.lastEventTime())));
    if (asOf.isPresent()) {
      fields.add(
          new Field(
              "current at", asOf.get() + " (the newest version whose as-of is at or before it)"));
    }

    List<LineRow> rows = new ArrayList<>(slice.lines().size());
    long n = slice.skipped();
    for (Line l : p > pages ? List.<Line>of() : slice.lines()) {
      rows.add(
          new LineRow(
              ++n,
              l.eventTime().toString(),
              DisplayText.escape(l.eventId()),
              DisplayText.escape(l.type()),
              l.side().name(),
              Money.format(l.amount()),
              DisplayText.escape(l.currency()),
              DisplayText.escape(l.source()),
              DisplayText.escape(l.reference()),
              l.batch()));
    }
    String caption =
        rows.isEmpty()
            ? (lineCount == 0
                ? "No lines."
                : "Page " + p + " is past the last page (" + pages + ").")
            : "Lines "
                + (slice.skipped() + 1)
                + "–"
                + (slice.skipped() + rows.size())
                + " of "
                + lineCount
                + ", page "
                + p
                + " of "
                + pages
                + ", in event-time order.";

    List<PageLink> pager = new ArrayList<>();
    java.util.function.LongFunction<String> pageHref =
        k -> frame.href(base + "?" + join(asOfQuery, "page=" + k));
    pager.add(new PageLink("« first", p > 1 ? pageHref.apply(1) : null, false));
    pager.add(
        new PageLink(
            "‹ previous", p > 1 ? pageHref.apply(Math.min(p, pages + 1) - 1) : null, false));
    for (long k = Math.max(1, p - 3); k <= Math.min(pages, p + 3); k++) {
      pager.add(new PageLink(Long.toString(k), k == p ? null : pageHref.apply(k), k == p));
    }
    pager.add(new PageLink("next ›", p < pages ? pageHref.apply(p + 1) : null, false));
    pager.add(new PageLink("last »", p < pages ? pageHref.apply(pages) : null, false));

    List<VersionRow> versionRows = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      ArtifactSlice h = versions.get(i).head();
      ArtifactSlice before = i + 1 < versions.size() ? versions.get(i + 1).head() : null;
      boolean oldestKnown = before == null && versions.size() < VERSIONS_MAX;
      String added =
          before != null
              ? signed(h.lineCount() - before.lineCount())
              : oldestKnown ? signed(h.lineCount()) : "?";
      String change =
          before != null
              ? change(before.balances(), h.balances())
              : oldestKnown ? change(Map.of(), h.balances()) : "(older versions not listed)";
      versionRows.add(
          new VersionRow(
              h.version(),
              h.asOf().toString(),
              h.status().name(),
              h.lineCount(),
              added,
              change,
              frame.href(base + "?asOf=" + Console.segment(h.asOf().toString())),
              versions.get(i).location().equals(shown.location())));
    }
    String versionsNote =
        versions.size() == VERSIONS_MAX
            ? "The newest " + VERSIONS_MAX + " versions; `recon history` lists them all."
            : null;
    String json =
        frame.href("artifacts/" + Console.segment(id) + (asOfQuery == null ? "" : "?" + asOfQuery));
    String millis = String.format("%.1f", (System.nanoTime() - started) / 1e6);
    return new Result(
        200,
        new ArtifactView(
            frame,
            id,
            asOfInput,
            true,
            null,
            fields,
            money(slice),
            rows,
            caption,
            pager,
            versionRows,
            versionsNote,
            json,
            millis));
  }

  private static ArtifactView empty(Frame frame, String id, String asOf, String message) {
    return new ArtifactView(
        frame, id, asOf, false, message, List.of(), List.of(), List.of(), "", List.of(), List.of(),
        null, null, "");
  }

  private static List<Console.Money> money(ArtifactSlice s) {
    TreeSet<String> currencies = new TreeSet<>(s.balances().keySet());
    currencies.addAll(s.debits().keySet());
    currencies.addAll(s.credits().keySet());
    List<Console.Money> out = new ArrayList<>();
    for (String c : currencies) {
      out.add(
          new Console.Money(
              c,
              Money.format(s.debits().getOrDefault(c, BigDecimal.ZERO)),
              Money.format(s.credits().getOrDefault(c, BigDecimal.ZERO)),
              Money.format(s.balances().getOrDefault(c, BigDecimal.ZERO))));
    }
    return out;
  }

  /** Per currency, the balance change from {@code before} to {@code after}, e.g. "EUR +12.50". */
  static String change(Map<String, BigDecimal> before, SortedMap<String, BigDecimal> after) {
    TreeSet<String> currencies = new TreeSet<>(before.keySet());
    currencies.addAll(after.keySet());
    StringJoiner out = new StringJoiner(", ");
    for (String c : currencies) {
      BigDecimal d =
          after.getOrDefault(c, BigDecimal.ZERO).subtract(before.getOrDefault(c, BigDecimal.ZERO));
      if (d.signum() != 0) {
        out.add(c + " " + (d.signum() > 0 ? "+" : "") + Money.format(d));
      }
    }
    return out.length() == 0 ? "none" : out.toString();
  }

  private static String signed(long n) {
    return n > 0 ? "+" + n : Long.toString(n);
  }

  private static String text(Instant t) {
    return t == null ? "" : t.toString();
  }

  private static String join(String a, String b) {
    return a == null ? b : a + "&" + b;
  }
}
