package dev.recon.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -o/--out FILE} of the exporting commands: a file instead of standard output. */
final class OutOption {
  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write here instead of standard output.")
  Path out;

  /** A buffered UTF-8 stream to the file, or to standard output (left open when closed). */
  PrintStream open() throws IOException {
    OutputStream raw =
        out == null ? new ExportCommand.NonClosing(System.out) : Files.newOutputStream(out);
    return new PrintStream(new BufferedOutputStream(raw, 1 << 16), false, StandardCharsets.UTF_8);
  }
}
