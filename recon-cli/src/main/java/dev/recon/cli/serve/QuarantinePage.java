package dev.recon.cli.serve;

import dev.recon.cli.quarantine.QuarantineBook;
import dev.recon.cli.serve.Console.Frame;
import dev.recon.cli.serve.Console.PageLink;
import dev.recon.cli.serve.Console.QuarantineBatch;
import dev.recon.cli.serve.Console.QuarantineRow;
import dev.recon.cli.serve.Console.QuarantineView;
import dev.recon.core.layout.LedgerNames;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.quarantine.DisplayText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The quarantine page: the stateless batches that quarantined lines, and one batch's records
 * (optionally of one reason) with their raw text, 200 a page, and the command that exports them.
 * Records stream through {@link QuarantineBook} one at a time, as {@code recon quarantine list}
 * reads them; only the page's rows are kept. Raw text and details go through {@link DisplayText}
 * (control, format and separator characters as {@code \\uXXXX}), then through the template's HTML
 * escaping.
 */
final class QuarantinePage {
  static final int PAGE_SIZE = 200;

  private QuarantinePage() {}

  record Result(int status, QuarantineView view) {}

  static Result build(
      Frame frame, QuarantineBook book, String batchText, String reasonText, long page) {
    String tenantOption = frame.tenant() == null ? "" : " --tenant " + frame.tenant();
    List<QuarantineBatch> batches = new ArrayList<>();
    if (batchText == null || batchText.isEmpty()) {
      for (long s : book.batchesWithQuarantine()) {
        Optional<LedgerRecord> r = book.batch(s);
        batches.add(
            new QuarantineBatch(
                s,
                r.map(x -> x.count(LedgerNames.QUARANTINED)).orElse(0L),
                r.map(x -> x.count(LedgerNames.READ)).orElse(0L),
                frame.href("ui/quarantine?batch=" + s)));
      }
      return new Result(
          200,
          view(
              frame,
              batches.isEmpty() ? "No stateless batch has quarantined a line." : null,
              batches,
              null,
              null,
              List.of(),
              List.of(),
              "",
              List.of(),
              null,
              "recon quarantine list" + tenantOption));
    }
    if (!batchText.matches("[0-9]{1,18}")) {
      return error(400, frame, "batch must be a stateless batch number, such as 7");
    }
    long s = Long.parseLong(batchText);
    QuarantineReason reason = null;
    if (reasonText != null && !reasonText.isEmpty()) {
      try {
        reason = QuarantineReason.valueOf(reasonText);
      } catch (IllegalArgumentException e) {
        return error(
            400, frame, "reason must be one of the quarantine reasons, such as BAD_AMOUNT");
      }
    }
    Optional<LedgerRecord> record = book.batch(s);
    if (record.isEmpty()) {
      return error(404, frame, "No stateless batch " + s + ".");
    }
    if (record.get().status() != BatchStatus.SUCCESS) {
      return error(
          409,
          frame,
          "Stateless batch "
              + s
              + " is "
              + record.get().status()
              + ": its quarantine is final only once it has succeeded.");
    }
    long from = (Math.max(1, page) - 1) * PAGE_SIZE;
    List<QuarantineRow> rows = new ArrayList<>();
    long total =
        book.forEach(
            s,
            reason,
            new java.util.function.Consumer<>() {
              long seen;

              @Override
              public void accept(QuarantineBook.Entry e) {
                if (seen++ < from || rows.size() >= PAGE_SIZE) {
                  return;
                }
                rows.add(row(e));
              }
            });
    long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    String filter = "ui/quarantine?batch=" + s;
    String reasonQuery = reason == null ? "" : "&reason=" + reason.name();
    List<PageLink> reasons = new ArrayList<>();
    reasons.add(
        new PageLink("every reason", reason == null ? null : frame.href(filter), reason == null));
    for (QuarantineReason r : QuarantineReason.values()) {
      if (record.get().count(LedgerNames.QUARANTINED + "." + r.name()) > 0 || r == reason) {
        reasons.add(
            new PageLink(
                r.name(),
                r == reason ? null : frame.href(filter + "&reason=" + r.name()),
                r == reason));
      }
    }
    List<PageLink> pager =
        Console.pager(frame, filter + reasonQuery + "&page=", Math.max(1, page), pages);
    String caption =
        total
            + " quarantined line(s) in stateless batch "
            + s
            + (reason == null ? "" : " with reason " + reason.name())
            + (rows.isEmpty() ? "" : "; " + (from + 1) + "–" + (from + rows.size()) + " shown");
    return new Result(
        200,
        view(
            frame,
            null,
            List.of(),
            Long.toString(s),
            reason == null ? null : reason.name(),
            reasons,
            rows,
            caption,
            pager,
            "recon quarantine export --batch "
                + s
                + tenantOption
                + " --out quarantine-"
                + s
                + ".jsonl",
            "recon quarantine list --batch "
                + s
                + (reason == null ? "" : " --reason " + reason.name())
                + tenantOption));
  }

  private static QuarantineRow row(QuarantineBook.Entry e) {
    QuarantineRecord q = e.record();
    StringJoiner links = new StringJoiner("; ");
    for (QuarantineBook.RedrivenBy by : e.redrivenBy()) {
      links.add(
          "redriven by "
              + DisplayText.escape(by.input())
              + ":"
              + by.line()
              + (by.registered() ? "" : " (not registered yet)"));
    }
    if (e.replaces() != null) {
      links.add("redrive of " + e.replaces().batch() + "#" + e.replaces().position());
    }
    boolean whole = QuarantineBook.wholeInRecord(q);
    return new QuarantineRow(
        e.batch() + "#" + e.position(),
        DisplayText.escape(q.inputObject()),
        q.lineNumber(),
        q.reason().name(),
        DisplayText.escape(q.detail()),
        DisplayText.escape(q.rawText()),
        whole ? "" : "(first part of " + q.rawLength() + " bytes; export gives the whole line)",
        links.toString());
  }

  private static Result error(int status, Frame frame, String message) {
    return new Result(
        status,
        view(
            frame, message, List.of(), null, null, List.of(), List.of(), "", List.of(), null,
            null));
  }

  private static QuarantineView view(
      Frame frame,
      String message,
      List<QuarantineBatch> batches,
      String batch,
      String reason,
      List<PageLink> reasons,
      List<QuarantineRow> rows,
      String caption,
      List<PageLink> pages,
      String export,
      String list) {
    return new QuarantineView(
        new Frame("quarantine", frame.base(), frame.tenant()),
        message,
        batches,
        batch,
        reason,
        reasons,
        rows,
        caption,
        pages,
        export,
        list);
  }
}
