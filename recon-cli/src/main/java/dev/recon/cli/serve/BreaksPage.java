package dev.recon.cli.serve;

import dev.recon.cli.serve.Console.BreakRow;
import dev.recon.cli.serve.Console.BreakTotal;
import dev.recon.cli.serve.Console.BreaksView;
import dev.recon.cli.serve.Console.Frame;
import dev.recon.cli.serve.Console.PageLink;
import dev.recon.core.match.Breaks;
import dev.recon.core.match.Candidate;
import dev.recon.core.match.MatchBook;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The breaks page ({@code /ui/breaks}): every open item of the latest matching, as {@code recon
 * breaks} lists them ({@link Breaks#of}, aged at {@code asOf} or the latest matched batch's as-of),
 * filtered by kind, reason and aging bucket, {@value #PAGE_SIZE} a page, with the totals of the
 * filtered items per kind, bucket and currency, each settling line and candidate linking to its
 * artifact page, and for each statement line the command that resolves it by hand ({@code recon
 * confirm} for a single suggestion, else {@code recon match}).
 */
final class BreaksPage {
  static final int PAGE_SIZE = 100;

  private static final List<String> REASONS =
      List.of(
          Breaks.NO_CANDIDATE,
          Breaks.AMBIGUOUS,
          Breaks.BELOW_AUTO_CONFIRM,
          Breaks.UNMATCHED_BY_HAND,
          Breaks.UNSETTLED);

  private BreaksPage() {}

  record Result(int status, BreaksView view) {}

  /** The filters as given (null or empty: not set). */
  record Filter(String asOf, String kind, String reason, String bucket) {
    String query() {
      StringJoiner q = new StringJoiner("&");
      add(q, "asOf", asOf);
      add(q, "kind", kind);
      add(q, "reason", reason);
      add(q, "bucket", bucket);
      return q.toString();
    }

    private static void add(StringJoiner q, String name, String value) {
      if (value != null && !value.isEmpty()) {
        q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
  }

  static Result build(Frame frame, Optional<MatchBook.Latest> latest, Filter f, long page) {
    Frame own = new Frame("breaks", frame.base(), frame.tenant());
    Instant asOf = null;
    if (set(f.asOf())) {
      try {
        asOf = Instant.parse(f.asOf());
      } catch (DateTimeParseException e) {
        return error(
            400, own, f, "asOf must be an ISO-8601 instant in UTC, such as 2026-12-31T00:00:00Z");
      }
    }
    Breaks.Kind kind = null;
    if (set(f.kind())) {
      try {
        kind = Breaks.Kind.valueOf(f.kind());
      } catch (IllegalArgumentException e) {
        return error(400, own, f, "kind must be EXTERNAL or SETTLING");
      }
    }
    if (set(f.reason()) && !REASONS.contains(f.reason())) {
      return error(400, own, f, "reason must be one of " + String.join(", ", REASONS));
    }
    if (latest.isEmpty()) {
      return new Result(
          200,
          view(
              own,
              f,
              "No batch has been matched yet (no rule set in force, or nothing run with one).",
              null,
              List.of(),
              List.of(),
              List.of(),
              ""));
    }
    MatchBook.Latest l = latest.get();
    List<String> buckets = Breaks.bucketNames(l.rules().agingBuckets());
    if (set(f.bucket()) && !buckets.contains(f.bucket())) {
      return error(400, own, f, "bucket must be one of " + String.join(", ", buckets));
    }
    Instant at = l.asOfOr(asOf);
    List<Breaks.Item> all = Breaks.of(l.state(), l.rules(), at);
    List<Breaks.Item> shown = new ArrayList<>();
    for (Breaks.Item i : all) {
      if ((kind == null || i.kind() == kind)
          && (!set(f.reason()) || i.reason().equals(f.reason()))
          && (!set(f.bucket()) || i.bucket().equals(f.bucket()))) {
        shown.add(i);
      }
    }
    long pages = Math.max(1, (shown.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    long p = Math.min(Math.max(1, page), pages);
    int from = (int) ((p - 1) * PAGE_SIZE);
    String tenantOption = frame.tenant() == null ? "" : " --tenant " + frame.tenant();
    List<BreakRow> rows = new ArrayList<>();
    for (Breaks.Item i : shown.subList(from, Math.min(shown.size(), from + PAGE_SIZE))) {
      rows.add(row(frame, i, tenantOption));
    }
    List<BreakTotal> totals = BreakTotal.of(shown, l.rules().agingBuckets());
    String base = "ui/breaks?" + (f.query().isEmpty() ? "" : f.query() + "&") + "page=";
    List<PageLink> pager = Console.pager(frame, base, p, pages);
    String note =
        shown.size()
            + " of "
            + all.size()
            + " open item(s) as of "
            + at
            + " (matched through batch "
            + l.manifest().batch()
            + ", rules "
            + l.manifest().rules()
            + ")"
            + (rows.isEmpty() ? "" : "; " + (from + 1) + "–" + (from + rows.size()) + " shown");
    return new Result(
        200,
        view(
            own,
            f,
            null,
            note,
            totals,
            rows,
            pager,
            "recon breaks"
                + tenantOption
                + (asOf == null ? "" : " --as-of " + at)
                + " --format csv"));
  }

  private static BreakRow row(Frame frame, Breaks.Item i, String tenantOption) {
    List<PageLink> candidates = new ArrayList<>();
    for (Candidate c : i.candidates()) {
      candidates.add(
          new PageLink(
              String.join(" + ", c.artifactIds()) + " (" + c.settledAmount().toPlainString() + ")",
              frame.href("ui/artifacts/" + Console.segment(c.artifactIds().get(0))),
              false));
    }
    String command = "";
    if (i.kind() == Breaks.Kind.EXTERNAL) {
      command =
          i.reason().equals(Breaks.BELOW_AUTO_CONFIRM)
              ? "recon confirm " + shellWord(i.eventId()) + tenantOption
              : "recon match "
                  + shellWord(i.eventId())
                  + " --to ARTIFACT --reason TEXT"
                  + tenantOption;
    }
    return new BreakRow(
        i.kind().name(),
        i.eventId(),
        i.artifactId() != null ? i.artifactId() : i.source(),
        i.artifactId() != null
            ? frame.href("ui/artifacts/" + Console.segment(i.artifactId()))
            : null,
        i.amount().toPlainString(),
        i.currency(),
        i.eventTime().toString(),
        i.ageDays(),
        i.bucket(),
        i.reason(),
        candidates,
        command);
  }

  /** {@code s} as one shell word: as is when it is plain, else single-quoted. */
  static String shellWord(String s) {
    return s.matches("[A-Za-z0-9._:/@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private static boolean set(String s) {
    return s != null && !s.isEmpty();
  }

  private static Result error(int status, Frame frame, Filter f, String message) {
    return new Result(status, view(frame, f, message, null, List.of(), List.of(), List.of(), ""));
  }

  private static BreaksView view(
      Frame frame,
      Filter f,
      String message,
      String note,
      List<BreakTotal> totals,
      List<BreakRow> rows,
      List<PageLink> pages,
      String csvCommand) {
    return new BreaksView(
        frame,
        message,
        note,
        nz(f.asOf()),
        nz(f.kind()),
        nz(f.reason()),
        nz(f.bucket()),
        totals,
        rows,
        pages,
        frame.href(
            "api/breaks"
                + (set(f.asOf())
                    ? "?asOf=" + URLEncoder.encode(f.asOf(), StandardCharsets.UTF_8)
                    : "")),
        csvCommand.isEmpty() ? null : csvCommand);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
