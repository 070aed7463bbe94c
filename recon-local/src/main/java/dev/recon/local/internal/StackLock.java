package dev.recon.local.internal;

import dev.recon.core.error.StackAlreadyRunningException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a stack home: an OS file lock on {@code <home>/stack.lock}, whose content
 * names the owner's pid. The OS drops the lock when the owning process dies, however it dies, so a
 * SIGKILLed owner never blocks the home forever and no stale-lock heuristics are needed.
 *
 * <p>Within one JVM the lock is tracked in a set before the file is touched: POSIX locks belong to
 * the process, and opening then closing a second channel on the same file would silently release
 * the first owner's lock.
 */
public final class StackLock implements AutoCloseable {
  public static final String FILE_NAME = "stack.lock";

  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path home;
  private final FileChannel channel;
  private final FileLock lock;

  private StackLock(Path home, FileChannel channel, FileLock lock) {
    this.home = home;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @param home an existing directory, already made absolute and canonical
   * @throws StackAlreadyRunningException when this or another process holds the home
   */
  public static StackLock acquire(Path home) {
    long self = ProcessHandle.current().pid();
    if (!HELD_IN_THIS_JVM.add(home)) {
      throw new StackAlreadyRunningException(
          "an embedded stack is already running on "
              + home
              + " in this process (pid "
              + self
              + "); close it first or use another home directory");
    }
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              home.resolve(FILE_NAME),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String owner = readOwner(ch);
        ch.close();
        HELD_IN_THIS_JVM.remove(home);
        throw new StackAlreadyRunningException(
            "an embedded stack is already running on "
                + home
                + " (held by "
                + owner
                + "); stop it first or use another home directory");
      }
      byte[] me =
          ("pid=" + self + " started=" + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(me), 0);
      ch.force(false);
      return new StackLock(home, ch, lock);
    } catch (IOException e) {
      HELD_IN_THIS_JVM.remove(home);
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new UncheckedIOException("cannot lock " + home.resolve(FILE_NAME), e);
    }
  }

  private static String readOwner(FileChannel ch) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(256);
      int n = ch.read(buf, 0);
      String text = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? "another process" : text;
    } catch (IOException e) {
      return "another process";
    }
  }

  public Path home() {
    return home;
  }

  /** Releases the lock. Idempotent. */
  @Override
  public synchronized void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.truncate(0); // no owner any more
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + home.resolve(FILE_NAME), e);
    } finally {
      HELD_IN_THIS_JVM.remove(home);
    }
  }
}
