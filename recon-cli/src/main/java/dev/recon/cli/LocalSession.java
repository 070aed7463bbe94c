package dev.recon.cli;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.query.ArtifactQuery;
import dev.recon.local.EmbeddedStack;
import java.nio.file.Path;

/**
 * One command's use of the embedded stack on a home directory: starts it (state persists there
 * between invocations), hands out clients, and stops it on close.
 */
public final class LocalSession implements AutoCloseable {
  private final EmbeddedStack stack;

  private LocalSession(EmbeddedStack stack) {
    this.stack = stack;
  }

  public static LocalSession open(Path home) {
    return new LocalSession(EmbeddedStack.start(home));
  }

  public ReconSettings settings() {
    return stack.settings();
  }

  public AwsClientFactory clients() {
    return stack.clients();
  }

  public EmbeddedStack stack() {
    return stack;
  }

  public ArtifactQuery query() {
    AwsClientFactory c = clients();
    return new ArtifactQuery(c.artifactIndex(), c.objectStore(), c.artifactCache(), settings().rules().maxIdLength());
  }

  @Override
  public void close() {
    stack.close();
  }
}
