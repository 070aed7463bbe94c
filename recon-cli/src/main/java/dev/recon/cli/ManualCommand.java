package dev.recon.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.ReconSettings;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.layout.Layout;
import dev.recon.core.match.ExternalLine;
import dev.recon.core.match.ManualAction;
import dev.recon.core.match.MatchBook;
import dev.recon.core.match.MatchStatus;
import dev.recon.core.match.MatchStep;
import dev.recon.core.match.SettlingLine;
import dev.recon.core.model.Event;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.TenantKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code recon match}, {@code recon unmatch} and {@code recon confirm} (DESIGN §9, issue 16 point
 * 6): an accountant's decision about one statement line, landed as a manual instruction event
 * ({@link ManualAction}) in an input object of its own. Nothing is written anywhere else: the next
 * {@code recon run} batches it like any input, its matching stage applies it (or refuses it, with
 * the reason, in {@code match/<N>/actions.jsonl}) and the settlement or reversal instructions reach
 * the artifacts through the same pipeline, with the actor, reason and action on them.
 *
 * <p>The command checks the line against the latest matching state first, so a mistyped id or a
 * line in the wrong state is an error at once; the stage checks again, against the state of the
 * batch that carries the action (authoritative: another action may come first).
 */
final class ManualCommand {
  private ManualCommand() {}

  /** The options of all three. */
  abstract static class Base implements Callable<Integer> {
    @Mixin HomeOption home;

    @Parameters(index = "0", paramLabel = "LINE", description = "The statement line's eventId.")
    String line;

    @Option(names = "--actor", description = "Who decides (default: the user running the command).")
    String actor;

    @Option(
        names = "--aws",
        description =
            "On a deployed stack: check the line against --tenant's latest matching in S3 and"
                + " upload the instruction under its input/ prefix, where the backlog manager"
                + " registers it; reads $"
                + ReconSettings.BUCKET
                + ", $"
                + ReconSettings.ENVIRONMENT
                + " and $"
                + ReconSettings.REGION
                + " (or $AWS_REGION), and the tenant role's credentials from the usual AWS chain.")
    boolean aws;

    private final ManualAction.Kind kind;

    Base(ManualAction.Kind kind) {
      this.kind = kind;
    }

    /** The command's name: the kind, in lower case. */
    final String name() {
      return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    String to() {
      return "";
    }

    List<String> lines() {
      return List.of();
    }

    abstract String reason();

    /** The statement line as the latest matching state has it, checked for this action. */
    abstract ExternalLine check(MatchStep.State state);

    @Override
    public Integer call() {
      String who = actor != null ? actor : System.getProperty("user.name", "");
      if (who.isBlank()) {
        throw new CliException(Exit.USAGE, "recon " + name() + ": give --actor");
      }
      if (aws) {
        return onAws(who);
      }
      try (LocalSession session = LocalSession.open(home.home(), name()).tenant(home.tenant())) {
        Ingester ingester = new Ingester(session.clients());
        record(
            session.clients().objectStore(),
            who,
            (key, body, at) -> ingester.land(key, body, at, at.plusMillis(1)),
            "the next `recon run` applies it");
      }
      return Exit.OK;
    }

    /** Where an instruction object goes: lands it, returns a refusal or null. */
    interface Lander {
      String land(String key, byte[] body, Instant at);
    }

    /**
     * On AWS: the tenant's view of the deployed bucket, read and written with the caller's own
     * credentials (the tenant role: {@code QueryApiTenantInvokePolicy} in the template lets it read
     * its matching and upload under its input prefix, nothing else). The object carries its window
     * in its metadata, as {@code recon ingest} writes it; the backlog manager registers it from the
     * bucket's notification (or its sweep), so this command writes nothing but that one object.
     */
    private int onAws(String who) {
      ReconSettings settings;
      try {
        settings = awsSettings(System.getenv(), home.tenant());
      } catch (IllegalArgumentException e) {
        throw new CliException(
            Exit.USAGE,
            "recon "
                + name()
                + " --aws: "
                + e.getMessage()
                + " (set $"
                + ReconSettings.BUCKET
                + " to the stack's DataBucketName output, $"
                + ReconSettings.ENVIRONMENT
                + " to its EnvironmentName, and $"
                + ReconSettings.REGION
                + " or $AWS_REGION)");
      }
      try (AwsClientFactory clients = new AwsClientFactory(settings)) {
        ObjectStore store = clients.objectStore();
        TenantKeys keys = new TenantKeys(settings.tenant());
        record(
            store,
            who,
            (key, body, at) -> {
              store.put(key, body, Ingester.window(at, at.plusMillis(1)));
              System.out.println(
                  "uploaded s3://"
                      + settings.bucket()
                      + "/"
                      + settings.prefix()
                      + "/"
                      + keys.objectKey(key));
              return null;
            },
            "the backlog manager registers it, and the next cycle applies it");
      } catch (SdkException | StoreUnavailableException e) {
        throw new CliException(
            Exit.FAILED,
            "recon "
                + name()
                + " --aws: AWS did not accept the call: "
                + e.getMessage()
                + " (check the bucket, the region and the credentials)");
      }
      return Exit.OK;
    }

    /** The deployed stack's settings from {@code env}, for {@code tenant}. */
    static ReconSettings awsSettings(Map<String, String> env, TenantId tenant) {
      Map<String, String> e = new HashMap<>(env);
      if (blank(e.get(ReconSettings.REGION)) && !blank(e.get("AWS_REGION"))) {
        e.put(ReconSettings.REGION, e.get("AWS_REGION"));
      }
      // the local defaults (bucket recon-local, environment local) name no deployed stack
      for (String required :
          List.of(ReconSettings.BUCKET, ReconSettings.ENVIRONMENT, ReconSettings.REGION)) {
        if (blank(e.get(required))) {
          throw new IllegalArgumentException("$" + required + " is not set");
        }
      }
      e.put(ReconSettings.TENANT, tenant.value());
      return ReconSettings.fromMap(e);
    }

    private static boolean blank(String v) {
      return v == null || v.isBlank();
    }

    /**
     * Checks the line against {@code store}'s latest matching, then lands the instruction through
     * {@code lander}.
     */
    private void record(ObjectStore store, String who, Lander lander, String next) {
      Optional<MatchBook.Latest> latest = new MatchBook(store).latest();
      if (latest.isEmpty()) {
        throw new CliException(
            Exit.NOT_FOUND,
            "recon "
                + name()
                + ": no batch of tenant "
                + home.tenant()
                + " has been matched yet, so there is no statement line "
                + line);
      }
      ExternalLine l = check(latest.get().state());
      Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      ManualAction a =
          new ManualAction(
              "manual-" + UUID.randomUUID(),
              kind,
              line,
              to(),
              lines(),
              who,
              reason(),
              at,
              l.amount(),
              l.currency());
      byte[] withNewline = (inputLine(a.toEvent()) + "\n").getBytes(StandardCharsets.UTF_8);
      String key = Layout.manualInstructions(at, a.eventId());
      String refused = lander.land(key, withNewline, at);
      if (refused != null) {
        throw new CliException(Exit.FAILED, "recon " + name() + ": " + refused);
      }
      System.out.println(
          "recorded "
              + a.describe()
              + " ("
              + a.eventId()
              + ", "
              + l.amount().toPlainString()
              + " "
              + l.currency()
              + "): "
              + next);
    }

    /** The action's input line: an unkeyed event, so without artifactId (not even empty). */
    private static String inputLine(Event e) {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      n.put("eventId", e.eventId());
      n.put("eventTime", e.eventTime().toString());
      n.put("type", e.type());
      n.put("side", e.side().name());
      n.put("amount", e.amount().toPlainString());
      n.put("currency", e.currency());
      n.put("source", e.source());
      n.put("reference", e.reference());
      ObjectNode attributes = n.putObject("attributes");
      e.attributes().forEach(attributes::put);
      return n.toString();
    }

    /** The open statement line, or a clear error. */
    ExternalLine open(MatchStep.State state) {
      for (MatchStep.OpenExternal o : state.openExternal()) {
        if (o.line().eventId().equals(line)) {
          return o.line();
        }
      }
      for (MatchStep.Settled s : state.settled()) {
        for (ExternalLine l : s.lines()) {
          if (l.eventId().equals(line)) {
            throw new CliException(
                Exit.USAGE,
                "recon "
                    + name()
                    + ": statement line "
                    + line
                    + " is settled already ("
                    + s.result().status()
                    + "); recon unmatch it first");
          }
        }
      }
      throw new CliException(Exit.NOT_FOUND, "recon " + name() + ": no statement line " + line);
    }
  }

  @Command(
      name = "match",
      description =
          "Match a statement line by hand to settling lines of one artifact (all its open ones in"
              + " the line's currency, or --lines); applied by the next `recon run`, audited.")
  static final class Match extends Base {
    @Option(names = "--to", required = true, paramLabel = "ARTIFACT", description = "The artifact.")
    String artifact;

    @Option(
        names = "--lines",
        split = ",",
        paramLabel = "ID",
        description = "Its settling lines to settle (default: every open one in the currency).")
    List<String> settling = new ArrayList<>();

    @Option(names = "--reason", required = true, description = "Why (kept with the match).")
    String why;

    public Match() {
      super(ManualAction.Kind.MATCH);
    }

    @Override
    String to() {
      return artifact;
    }

    @Override
    List<String> lines() {
      return settling;
    }

    @Override
    String reason() {
      return why;
    }

    @Override
    ExternalLine check(MatchStep.State state) {
      ExternalLine l = open(state);
      List<SettlingLine> of =
          state.openSettling().stream()
              .filter(s -> s.artifactId().equals(artifact) && s.currency().equals(l.currency()))
              .toList();
      if (of.isEmpty()) {
        throw new CliException(
            Exit.NOT_FOUND,
            "recon match: artifact " + artifact + " has no open settling line in " + l.currency());
      }
      for (String id : settling) {
        if (of.stream().noneMatch(s -> s.eventId().equals(id))) {
          throw new CliException(
              Exit.NOT_FOUND,
              "recon match: "
                  + id
                  + " is not an open "
                  + l.currency()
                  + " settling line of "
                  + artifact
                  + " (open: "
                  + String.join(", ", of.stream().map(SettlingLine::eventId).toList())
                  + ")");
        }
      }
      return l;
    }
  }

  @Command(
      name = "confirm",
      description =
          "Confirm a SUGGESTED statement line's only candidate; applied by the next `recon run`.")
  static final class Confirm extends Base {
    @Option(names = "--reason", description = "Why (optional).")
    String why = "";

    public Confirm() {
      super(ManualAction.Kind.CONFIRM);
    }

    @Override
    String reason() {
      return why;
    }

    @Override
    ExternalLine check(MatchStep.State state) {
      ExternalLine l = open(state);
      MatchStep.OpenExternal o =
          state.openExternal().stream()
              .filter(x -> x.line().eventId().equals(line))
              .findFirst()
              .orElseThrow();
      if (o.last().status() != MatchStatus.SUGGESTED) {
        throw new CliException(
            Exit.USAGE,
            "recon confirm: statement line "
                + line
                + " is "
                + o.last().status()
                + ", not SUGGESTED; recon match it instead");
      }
      if (o.last().candidates().size() != 1 || o.last().candidatesTruncated()) {
        throw new CliException(
            Exit.USAGE,
            "recon confirm: statement line "
                + line
                + " has several candidates; choose one with recon match "
                + line
                + " --to ARTIFACT --lines ID,...");
      }
      return l;
    }
  }

  @Command(
      name = "unmatch",
      description =
          "Undo a statement line's match: its settlements are reversed and it waits for a manual"
              + " match; applied by the next `recon run`, audited.")
  static final class Unmatch extends Base {
    @Option(names = "--reason", required = true, description = "Why (kept with the reversal).")
    String why;

    public Unmatch() {
      super(ManualAction.Kind.UNMATCH);
    }

    @Override
    String reason() {
      return why;
    }

    @Override
    ExternalLine check(MatchStep.State state) {
      for (MatchStep.Settled s : state.settled()) {
        for (ExternalLine l : s.lines()) {
          if (l.eventId().equals(line)) {
            return l;
          }
        }
      }
      boolean open = state.openExternal().stream().anyMatch(o -> o.line().eventId().equals(line));
      throw new CliException(
          open ? Exit.USAGE : Exit.NOT_FOUND,
          open
              ? "recon unmatch: statement line " + line + " is not settled"
              : "recon unmatch: no statement line " + line + " was matched");
    }
  }
}
