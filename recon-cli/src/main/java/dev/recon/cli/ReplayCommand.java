package dev.recon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.backlog.InputWindow;
import dev.recon.core.layout.Layout;
import dev.recon.core.port.ObjectInfo;
import dev.recon.runtime.LocalLambda;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Re-submits the input batches of a past window, for example after an upstream correction was
 * appended to them: every input object whose window overlaps {@code [from, to)} is copied, bytes
 * and window unchanged, to a new key ({@code replay-<when>-<original id>}) and registered as a new
 * input batch. Nothing special happens downstream: the reducer and the stateful merge deduplicate
 * by eventId over each artifact's whole history, so events already applied count as duplicates (an
 * artifact with nothing new gets no new version), new ones apply, and nothing doubles. Replayed
 * copies themselves are not replayed again (their originals are).
 */
@Command(
    name = "replay",
    description =
        "Re-submit the input batches whose window overlaps [--from, --to) as new input batches; then `recon run`.")
final class ReplayCommand implements Callable<Integer> {
  static final String REPLAY_PREFIX = "replay-";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

  @Mixin HomeOption home;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "T",
      description = "Window start (ISO-8601 instant), inclusive.")
  Instant from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "T",
      description = "Window end (ISO-8601 instant), exclusive.")
  Instant to;

  @Override
  public Integer call() {
    if (!from.isBefore(to)) {
      System.err.println("recon replay: --from must be before --to");
      return Exit.USAGE;
    }
    try (LocalSession session =
        LocalSession.openExisting(home.home(), "replay").tenant(home.tenant())) {
      List<String> keys = replay(session.clients(), from, to, Instant.now());
      System.out.printf(
          "replay: %d input batch(es) of [%s, %s) re-submitted%n", keys.size(), from, to);
      keys.forEach(k -> System.out.println("  " + k));
      return Exit.OK;
    }
  }

  /**
   * The tenant configuration version the original input's stateless batch ran with (0 for a batch
   * from before configurations), empty when the input was never planned: the replay is pinned to
   * it, so it runs with what the original run used (README, "Tenant configuration").
   */
  static java.util.Optional<Long> originalConfigVersion(
      dev.recon.core.port.BatchLedger ledger, String inputKey) {
    return ledger
        .get(dev.recon.core.model.BatchKind.INPUT, inputKey)
        .map(in -> in.attribute(dev.recon.core.layout.LedgerNames.STATELESS_BATCH))
        .flatMap(
            s ->
                ledger.get(dev.recon.core.model.BatchKind.STATELESS, Layout.seq(Long.parseLong(s))))
        .map(dev.recon.core.config.TenantConfigs::versionOf);
  }

  /** Copies and registers the input objects of {@code [from, to)}; returns the new keys. */
  static List<String> replay(AwsClientFactory clients, Instant from, Instant to, Instant now) {
    List<String> created = new ArrayList<>();
    LocalLambda backlog = LocalLambda.backlog(clients);
    ObjectMapper json = new ObjectMapper();
    String stamp = STAMP.format(now);
    for (ObjectInfo listed : clients.objectStore().list(Layout.INPUT)) {
      String key = listed.key();
      String name = key.substring(key.lastIndexOf('/') + 1);
      if (name.startsWith(REPLAY_PREFIX)) {
        continue;
      }
      ObjectInfo info = clients.objectStore().head(key).orElse(null);
      if (info == null) {
        continue;
      }
      InputWindow w;
      try {
        w = InputWindow.of(key, info.metadata());
      } catch (IllegalArgumentException noWindow) {
        continue; // the backlog manager rejected it too
      }
      if (!w.start().isBefore(to) || !w.end().isAfter(from)) {
        continue;
      }
      boolean gz = name.endsWith(".gz");
      String id = name.replaceFirst("\\.gz$", "").replaceFirst("\\.jsonl?$", "");
      String copy = Layout.inputKey(w.start(), REPLAY_PREFIX + stamp + "-" + id, gz);
      Map<String, String> metadata = new java.util.HashMap<>();
      metadata.put(Layout.META_WINDOW_START, w.start().toString());
      metadata.put(Layout.META_WINDOW_END, w.end().toString());
      originalConfigVersion(clients.batchLedger(), key)
          .ifPresent(v -> metadata.put(Layout.META_CONFIG_VERSION, Long.toString(v)));
      clients.objectStore().put(copy, clients.objectStore().get(key), metadata);
      created.add(copy);
    }
    if (!created.isEmpty()) {
      var request = json.createObjectNode().put("action", "register");
      var array = request.putArray("keys");
      // Store keys: the backlog manager finds the tenant in them.
      dev.recon.core.tenant.TenantKeys keys =
          new dev.recon.core.tenant.TenantKeys(clients.settings().tenant());
      created.forEach(k -> array.add(keys.objectKey(k)));
      JsonNode answer = backlog.call(request);
      JsonNode rejected = answer.path("rejected");
      if (rejected.isArray() && rejected.size() > 0) {
        throw new IllegalStateException("replay: the backlog manager rejected " + rejected);
      }
    }
    return created;
  }
}
