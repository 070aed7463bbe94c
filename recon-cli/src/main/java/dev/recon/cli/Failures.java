package dev.recon.cli;

import dev.recon.backlog.BatchNotFoundException;
import dev.recon.core.error.StackAlreadyRunningException;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.local.StackStartException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.ToLongFunction;
import picocli.CommandLine;

/**
 * Turns what a command throws into one plain sentence (the cause and what to do) and an {@link
 * Exit} code: the one place the command line explains failures. No class names and no stack traces
 * unless {@code RECON_DEBUG=1} is set.
 */
final class Failures {
  /** A store failing while its disk has less than this free is reported as a full disk. */
  static final long LOW_DISK_BYTES = 64L << 20;

  static final String DEBUG_ENV = "RECON_DEBUG";

  record Failure(int exit, String sentence) {}

  private Failures() {}

  /**
   * The execution exception handler of {@code recon}: prints the sentence (and the trace with
   * RECON_DEBUG=1).
   */
  static int handle(Exception e, CommandLine cmd) {
    Path home = homeOf(cmd);
    Failure f =
        Interruption.jvmShuttingDown()
            ? new Failure(Exit.INTERRUPTED, null)
            : describe(e, home, Failures::usableSpace);
    if (f.exit() == Exit.INTERRUPTED) {
      Interruption.announce(cmd.getErr(), cmd.getCommandName());
      return Exit.INTERRUPTED;
    }
    PrintWriter err = cmd.getErr();
    // a sentence that already names the command ("recon match --aws: …") is not named twice
    String name = "recon " + cmd.getCommandName();
    String sentence = f.sentence() == null ? "" : f.sentence();
    err.println(
        sentence.startsWith(name + ":") || sentence.startsWith(name + " ")
            ? sentence
            : name + ": " + sentence);
    if ("1".equals(System.getenv(DEBUG_ENV))) {
      e.printStackTrace(err);
    }
    err.flush();
    return f.exit();
  }

  /**
   * What {@code e} means for a user of the home {@code home} (null when the command has none);
   * {@code usableSpace} tells the free bytes of a directory's disk, or -1 when unknown.
   */
  static Failure describe(Throwable e, Path home, ToLongFunction<Path> usableSpace) {
    String where = home == null ? "the recon home" : home.toString();
    if (e instanceof CliException c) {
      return new Failure(c.exit(), c.getMessage());
    }
    StackAlreadyRunningException held = find(e, StackAlreadyRunningException.class);
    if (held != null) {
      return new Failure(Exit.HOME_UNUSABLE, inUse(where, held.getMessage()));
    }
    BatchNotFoundException noBatch = find(e, BatchNotFoundException.class);
    if (noBatch != null) {
      return new Failure(
          Exit.NOT_FOUND,
          noBatch.getMessage() + ": `recon status` lists the batches and their numbers");
    }
    if (diskFull(e)
        || (find(e, StoreUnavailableException.class) != null && lowDisk(home, usableSpace))) {
      long free = home == null ? -1 : usableSpace.applyAsLong(home);
      return new Failure(
          Exit.STORE_UNAVAILABLE,
          "the disk holding "
              + where
              + " is full"
              + (free >= 0 ? " (" + (free >> 20) + " MB free)" : "")
              + ": free some space, then run the command again");
    }
    StoreUnavailableException store = find(e, StoreUnavailableException.class);
    if (store != null) {
      return new Failure(
          Exit.STORE_UNAVAILABLE,
          "a store of the local stack did not answer ("
              + store.getMessage()
              + "): run the command again; the servers' logs are under "
              + where
              + "/logs");
    }
    Failure unusable = homeProblem(e, where);
    if (unusable != null) {
      return unusable;
    }
    if (e instanceof StackStartException) {
      return new Failure(Exit.FAILED, "the local stack cannot start: " + e.getMessage());
    }
    return new Failure(Exit.FAILED, plain(e) + " (set " + DEBUG_ENV + "=1 for the stack trace)");
  }

  static String inUse(String where, String detail) {
    String owner =
        detail == null
            ? ""
            : detail.replaceFirst("(?s).*\\((held by )?([^()]*pid[ =][0-9]+[^()]*)\\).*", "$2");
    return "the recon home "
        + where
        + " is in use by another recon process"
        + (owner.equals(detail) || owner.isBlank() ? "" : " (" + owner.strip() + ")")
        + ": one home runs one stack; wait for it to finish, or stop it (Ctrl-C). "
        + "get, history, export, status, report and complete can run beside `recon run` and `recon serve`";
  }

  /** Not a directory, read-only, or not creatable: the home cannot hold a stack. */
  private static Failure homeProblem(Throwable e, String where) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NotDirectoryException
          || t instanceof FileAlreadyExistsException
          || (t instanceof FileSystemException fs && "Not a directory".equals(fs.getReason()))) {
        return new Failure(
            Exit.HOME_UNUSABLE,
            where
                + " cannot be a recon home: "
                + ((FileSystemException) t).getFile()
                + " is not a directory; pass --home with a directory (or a path to create one)");
      }
      if (readOnly(t)) {
        return new Failure(
            Exit.HOME_UNUSABLE,
            "the recon home "
                + where
                + " is read-only (cannot write "
                + ((FileSystemException) t).getFile()
                + "): pass a writable --home, or make it writable");
      }
    }
    return null;
  }

  private static boolean readOnly(Throwable t) {
    if (t instanceof AccessDeniedException) {
      return true;
    }
    return t instanceof FileSystemException fs
        && fs.getReason() != null
        && fs.getReason().toLowerCase(Locale.ROOT).contains("read-only");
  }

  private static boolean diskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null
          && (m.contains("No space left on device")
              || m.contains("ENOSPC")
              || m.contains("Disk full"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean lowDisk(Path home, ToLongFunction<Path> usableSpace) {
    if (home == null) {
      return false;
    }
    long free = usableSpace.applyAsLong(home);
    return free >= 0 && free < LOW_DISK_BYTES;
  }

  static long usableSpace(Path dir) {
    try {
      Path p = dir;
      while (p != null && !Files.exists(p)) {
        p = p.getParent();
      }
      return p == null ? -1 : Files.getFileStore(p).getUsableSpace();
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return -1;
    }
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The message of {@code e}, else of its first cause that has one, else its kind in words. */
  static String plain(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      boolean wrapper = t.getCause() != null && t.getCause().toString().equals(m);
      if (m != null && !m.isBlank() && !wrapper) {
        return m;
      }
    }
    return "unexpected "
        + e.getClass()
            .getSimpleName()
            .replaceAll("([a-z])([A-Z])", "$1 $2")
            .toLowerCase(Locale.ROOT);
  }

  private static Path homeOf(CommandLine cmd) {
    Object mixin =
        cmd.getCommandSpec().mixins().containsKey("home")
            ? cmd.getCommandSpec().mixins().get("home").userObject()
            : null;
    return mixin instanceof HomeOption h && h.home != null ? h.home() : null;
  }
}
