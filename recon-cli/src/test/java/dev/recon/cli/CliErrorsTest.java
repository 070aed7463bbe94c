package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.backlog.BatchNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Errors as a user sees them: one plain sentence with the cause and what to do, a distinct exit
 * code (README "Exit codes"), no Java class names and no stack traces. None of these starts a
 * stack.
 */
class CliErrorsTest {
  @TempDir Path tmp;

  private static void assertPlain(Captured r) {
    assertThat(r.err())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("dev.recon.");
  }

  /** What the central handler makes of {@code e} thrown by {@code recon ARGS}. */
  private static Captured handled(Exception e, String... args) {
    CommandLine cl = ReconCli.commandLine();
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    CommandLine cmd = parsed.subcommand().commandSpec().commandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    cmd.setErr(new java.io.PrintWriter(err, true));
    try {
      int exit = cl.getExecutionExceptionHandler().handleExecutionException(e, cmd, parsed);
      return new Captured(exit, "", err.toString());
    } catch (Exception rethrown) {
      throw new AssertionError(rethrown);
    }
  }

  @Test
  void badTime_shouldBeAUsageErrorShowingTheFormat() {
    for (String[] args :
        new String[][] {
          {"report", "--home", tmp.toString(), "--as-of", "garbage"},
          {"complete", "--home", tmp.toString(), "--through", "yesterday"},
          {"ingest", "--home", tmp.toString(), "--window-end", "10:00", "x.jsonl"}
        }) {
      Captured r = Captured.recon(args);
      assertThat(r.exit()).as(r.err()).isEqualTo(2);
      assertThat(r.err())
          .contains("is not a time")
          .contains("ISO-8601")
          .contains("2026-11-22T10:00:00Z")
          .contains("--help");
      assertPlain(r);
    }
    assertThat(tmp.resolve("stack.lock")).doesNotExist();
  }

  @Test
  void badUsage_shouldNameTheProblemAndPointToHelp() {
    Captured missing = Captured.recon("get", "--home", tmp.toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err())
        .startsWith("recon get: Missing required parameter: 'ID'")
        .contains("see `recon get --help`");
    Captured unknown = Captured.recon("sttaus");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .startsWith("recon: Unmatched argument")
        .contains("status")
        .contains("see `recon --help`");
    assertPlain(missing);
    assertPlain(unknown);
  }

  @Test
  void unknownBatch_shouldExit3WithASentence() {
    Captured r =
        handled(
            new BatchNotFoundException("no STATELESS batch 99"),
            "cancel",
            "--home",
            tmp.toString(),
            "99");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).startsWith("recon cancel: no STATELESS batch 99").contains("recon status");
    assertPlain(r);
  }

  @Test
  void homeThatIsAFile_shouldExit5SayingSo() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a home");
    Path input =
        Files.writeString(
            tmp.resolve("in.jsonl"),
            ReconRuns.event("e1", "k", "DEBIT", "1.00", "2026-11-22T10:00:00Z"));
    for (String[] args :
        new String[][] {
          {"get", "--home", file.toString(), "k"},
          {"status", "--home", file.toString()},
          {"ingest", "--home", file.toString(), input.toString()}
        }) {
      Captured r = Captured.recon(args);
      assertThat(r.exit()).as(r.err()).isEqualTo(5);
      assertThat(r.err()).contains(file.toString()).contains("not a directory").contains("--home");
      assertPlain(r);
    }
    assertThat(Files.readString(file)).isEqualTo("not a home");
  }

  @Test
  void homeUnderAFile_shouldExit5SayingWhichPathIsNotADirectory() throws Exception {
    // Root ignores permissions, so "cannot create the home" is tested with a parent that is a file.
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Path input =
        Files.writeString(
            tmp.resolve("in.jsonl"),
            ReconRuns.event("e1", "k", "DEBIT", "1.00", "2026-11-22T10:00:00Z"));
    Captured r =
        Captured.recon("ingest", "--home", file.resolve("home").toString(), input.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(5);
    assertThat(r.err()).contains(file.toString()).contains("not a directory");
    assertPlain(r);
  }

  @Test
  void readOnlyHome_shouldExit5SayingReadOnly() {
    // What StackLock throws when the home cannot be written (EACCES or EROFS): tested through the
    // handler, since root (CI) writes anywhere.
    Path home = tmp.resolve("home");
    for (Exception e :
        new Exception[] {
          new UncheckedIOException(
              "cannot lock " + home.resolve("stack.lock"),
              new AccessDeniedException(home.resolve("stack.lock").toString())),
          new UncheckedIOException(
              "cannot prepare stack home " + home,
              new FileSystemException(home.resolve("s3").toString(), null, "Read-only file system"))
        }) {
      Captured r = handled(e, "ingest", "--home", home.toString(), "x.jsonl");
      assertThat(r.exit()).isEqualTo(5);
      assertThat(r.err())
          .contains("read-only")
          .contains(home.toString())
          .contains("writable --home");
      assertPlain(r);
    }
  }

  @Test
  void unexpectedFailure_shouldPrintItsMessageWithoutClassNameOrTrace() {
    Captured r =
        handled(
            new IllegalStateException("the backlog manager rejected [x]"),
            "replay",
            "--home",
            tmp.toString(),
            "--from",
            "2026-11-22T10:00:00Z",
            "--to",
            "2026-11-22T11:00:00Z");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "recon replay: the backlog manager rejected [x] (set RECON_DEBUG=1 for the stack trace)"
                + System.lineSeparator());
  }
}
