package dev.recon.cli.serve;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The console pages of {@code recon serve} (README, "The console pages"): jte templates under
 * {@code src/main/jte}, compiled to Java by the build, so a template that does not type-check fails
 * the build and nothing is compiled at run time. Their output is HTML-escaped by context (element
 * text, attribute values) by jte itself; no page takes a value into a script or style context, and
 * no page has a script.
 *
 * <p>The records below are the pages' models: plain values, already formatted, so templates hold no
 * logic beyond loops and conditions.
 */
public final class Console {
  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(null, ContentType.Html, null, "dev.recon.cli.serve.pages");

  private Console() {}

  /** Renders template {@code name} (e.g. {@code "artifact.jte"}) with its one parameter. */
  static String render(String name, Object model) {
    StringOutput out = new StringOutput(16 * 1024);
    ENGINE.render(name, model, out);
    return out.toString();
  }

  static byte[] renderBytes(String name, Object model) {
    return render(name, model).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A path segment with every byte but the unreserved ones percent-encoded (RFC 3986), as {@code
   * ArtifactApi} decodes it: {@code order 9F/2K} becomes {@code order%209F%2F2K}.
   */
  public static String segment(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.write(c);
      } else {
        out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /**
   * "‹ previous", "page P of N", "next ›": the previous and next links are {@code prefix} (a
   * tenant-relative href ending in {@code page=}) followed by their number.
   */
  static List<PageLink> pager(Frame frame, String prefix, long page, long pages) {
    List<PageLink> out = new java.util.ArrayList<>();
    if (page > 1) {
      out.add(new PageLink("‹ previous", frame.href(prefix + (page - 1)), false));
    }
    out.add(new PageLink("page " + page + " of " + pages, null, true));
    if (page < pages) {
      out.add(new PageLink("next ›", frame.href(prefix + (page + 1)), false));
    }
    return out;
  }

  /** What every page shares: its title, the tenant's route prefix and the navigation. */
  public record Frame(String title, String base, String tenant) {
    public String href(String rest) {
      return base + rest;
    }
  }

  /** One row of a label/value list. */
  public record Field(String label, String value) {}

  /** One currency's money. */
  public record Money(String currency, String debits, String credits, String balance) {}

  /** One line of an artifact. */
  public record LineRow(
      long number,
      String eventTime,
      String eventId,
      String type,
      String side,
      String amount,
      String currency,
      String source,
      String reference,
      long batch) {}

  /** One version in the history walk, and what it added to the one before. */
  public record VersionRow(
      long version,
      String asOf,
      String status,
      long lineCount,
      String linesAdded,
      String balanceChange,
      String asOfHref,
      boolean shown) {}

  /** A link in the pager. */
  public record PageLink(String label, String href, boolean current) {}

  /**
   * The artifact page. {@code found} false: only the search form (and {@code message} when a lookup
   * failed).
   */
  public record ArtifactView(
      Frame frame,
      String id,
      String asOfInput,
      boolean found,
      String message,
      List<Field> fields,
      List<Money> money,
      List<LineRow> lines,
      String linesCaption,
      List<PageLink> pages,
      List<VersionRow> versions,
      String versionsNote,
      String jsonHref,
      String renderMillis) {}

  /** One quarantined line as shown. */
  public record QuarantineRow(
      String position,
      String input,
      long line,
      String reason,
      String detail,
      String raw,
      String rawNote,
      String links) {}

  /** A batch that quarantined lines, in the list of batches. */
  public record QuarantineBatch(long batch, long quarantined, long read, String href) {}

  /** The quarantine page: the batches, or one batch's records of one reason. */
  public record QuarantineView(
      Frame frame,
      String message,
      List<QuarantineBatch> batches,
      String batch,
      String reason,
      List<PageLink> reasons,
      List<QuarantineRow> rows,
      String caption,
      List<PageLink> pages,
      String exportCommand,
      String listCommand) {}

  /** One rectangle of a chart, in the chart's pixel space; {@code label} is its tooltip. */
  public record Bar(String x, String y, String width, String height, String fill, String label) {}

  /** A legend entry: colour and name. */
  public record Legend(String fill, String name) {}

  /** A bar chart drawn by the server as inline SVG (no script, allowed by the page policy). */
  public record Chart(
      String id,
      String title,
      String max,
      String note,
      int width,
      int height,
      List<Bar> bars,
      List<Legend> legend) {}

  /** A stateful batch in the overview's list of the last batches. */
  public record RecentBatch(
      String id, String status, String asOf, String duration, String href, String quarantineHref) {}

  /**
   * The overview at {@code /}: backlog, last batches, the artifact census by status ({@code
   * artifacts}, empty when unknown; {@code artifactsNote} says through which batch, or why not),
   * the open matching items per kind, aging bucket and currency ({@code breaks}; {@code breaksNote}
   * says as of when, or why there are none), charts.
   */
  public record OverviewView(
      Frame frame,
      List<Field> backlog,
      List<RecentBatch> recent,
      List<Field> artifacts,
      String artifactsNote,
      List<BreakTotal> breaks,
      String breaksNote,
      String breaksHref,
      List<Chart> charts) {}

  /** One row of the overview's breaks: open items of one kind, bucket and currency. */
  public record BreakTotal(String kind, String bucket, String currency, long items, String amount) {

    /** The rows of {@code items}' totals per kind, aging bucket and currency. */
    static List<BreakTotal> of(
        List<dev.recon.core.match.Breaks.Item> items, List<java.time.Duration> buckets) {
      List<BreakTotal> out = new java.util.ArrayList<>();
      dev.recon.core.match.Breaks.totals(items, buckets)
          .forEach(
              (kind, totals) ->
                  totals.forEach(
                      t ->
                          out.add(
                              new BreakTotal(
                                  kind.name(),
                                  t.bucket(),
                                  t.currency(),
                                  t.items(),
                                  t.amount().toPlainString()))));
      return out;
    }
  }

  /**
   * One open item on the breaks page: {@code party} is the settling line's artifact ({@code
   * partyHref} its page) or the statement line's source; {@code command} resolves a statement line
   * by hand (empty for a settling line).
   */
  public record BreakRow(
      String kind,
      String eventId,
      String party,
      String partyHref,
      String amount,
      String currency,
      String valueDate,
      long ageDays,
      String bucket,
      String reason,
      List<PageLink> candidates,
      String command) {}

  /** The breaks page: the filters as given, the filtered items' totals and one page of them. */
  public record BreaksView(
      Frame frame,
      String message,
      String note,
      String asOf,
      String kind,
      String reason,
      String bucket,
      List<BreakTotal> totals,
      List<BreakRow> rows,
      List<PageLink> pages,
      String jsonHref,
      String csvCommand) {}
}
