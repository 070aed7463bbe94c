package dev.recon.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home DIR}: where the local stack keeps its state; shared by every local command. */
public final class HomeOption {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = ".recon",
      description =
          "Local state directory (default: ${DEFAULT-VALUE}). State persists between invocations.")
  Path home;

  public Path home() {
    return home.toAbsolutePath().normalize();
  }
}
