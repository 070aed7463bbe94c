package dev.recon.cli;

import dev.recon.core.tenant.TenantId;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every local command shares: the state directory and the tenant (DESIGN §10). */
public final class HomeOption {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = ".recon",
      description =
          "Local state directory (default: ${DEFAULT-VALUE}). State persists between invocations.")
  Path home;

  @Option(
      names = "--tenant",
      paramLabel = "T",
      converter = HomeOption.TenantConverter.class,
      description =
          "The tenant (default: default; `run`, `status` and `serve` without it: every tenant).")
  TenantId tenant;

  /** Refuses a bad tenant id while the command line is parsed, before any stack starts. */
  static final class TenantConverter implements CommandLine.ITypeConverter<TenantId> {
    @Override
    public TenantId convert(String value) {
      Optional<String> problem = TenantId.problem(value);
      if (problem.isPresent()) {
        throw new CommandLine.TypeConversionException(problem.get());
      }
      return TenantId.of(value);
    }
  }

  public Path home() {
    return home.toAbsolutePath().normalize();
  }

  /** The tenant the command names, if it names one. */
  public Optional<TenantId> named() {
    return Optional.ofNullable(tenant);
  }

  /** The tenant the command names, else {@code default}. */
  public TenantId tenant() {
    return named().orElse(TenantId.DEFAULT);
  }
}
