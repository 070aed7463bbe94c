package dev.recon.local;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.CachedArtifact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Test helper run in a separate JVM: starts a stack on {@code args[0]}, writes one object, index
 * entry and cache value, prints READY, then holds the stack until stdin closes — or until the test
 * SIGKILLs this process, which is the point.
 */
public final class StackHolderMain {
  static final byte[] ARTIFACT =
      "{\"artifactId\":\"held-1\",\"version\":3}\n".getBytes(StandardCharsets.UTF_8);

  private StackHolderMain() {}

  public static void main(String[] args) throws Exception {
    EmbeddedStack stack = EmbeddedStack.start(Path.of(args[0]));
    stack.clients().objectStore().put("state/3/part-00000.jsonl", ARTIFACT);
    stack
        .clients()
        .artifactIndex()
        .putIfNewer(new IndexEntry("held-1", "state/3/part-00000.jsonl", 0, ARTIFACT.length, 3));
    stack.clients().artifactCache().putAll(List.of(new CachedArtifact("held-1", 3, ARTIFACT)));
    System.out.println("READY " + ProcessHandle.current().pid());
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold
    }
    stack.close();
  }
}
