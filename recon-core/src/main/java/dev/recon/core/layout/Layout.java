package dev.recon.core.layout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The object layout of DESIGN §5, relative to the environment prefix. Sequence numbers are
 * zero-padded to ten digits so listings sort in batch order.
 *
 * <pre>
 * input/yyyy/MM/dd/HH/&lt;batchId&gt;.jsonl[.gz]      input batches (metadata window-start/window-end)
 * stateless/&lt;S&gt;/artifacts/part-NNNNN.jsonl      one stateless artifact per line
 * stateless/&lt;S&gt;/keys/part-NNNNN.txt            the key file: one artifactId per line
 * stateless/&lt;S&gt;/external/part-NNNNN.jsonl       external (statement) lines, one event per line,
 *                                               only for a batch whose rule set declares sources
 * quarantine/&lt;S&gt;/part-NNNNN.jsonl              one quarantine record per line
 * quarantine/state-&lt;N&gt;/part-NNNNN.jsonl        conflicting duplicates of stateful batch N
 * stateless/&lt;S&gt;/manifest.json                  written last: the batch is complete when it exists
 * prefetch/&lt;N&gt;/part-NNNNN.jsonl                prior artifacts with their locations
 * prefetch/&lt;N&gt;/manifest.json
 * state/&lt;N&gt;/part-NNNNN.jsonl                   one artifact per \n-terminated line
 * state/&lt;N&gt;/manifest.json                      written last: part-files, counts, sizes, sha256
 * </pre>
 *
 * An index entry's (offset, length) covers one artifact's JSON without its trailing newline.
 */
public final class Layout {
  public static final String INPUT = "input/";
  public static final String STATELESS = "stateless/";
  public static final String QUARANTINE = "quarantine/";
  public static final String PREFETCH = "prefetch/";
  public static final String STATE = "state/";
  public static final String MATCH = "match/";

  /** The file-name prefix of the matching stage's settlement instructions under {@code input/}. */
  public static final String MATCH_INSTRUCTIONS_PREFIX = "recon-match-";

  /** The file-name prefix of an accountant's manual matching instructions under {@code input/}. */
  public static final String MANUAL_INSTRUCTIONS_PREFIX = "recon-manual-";

  public static final String MANIFEST = "manifest.json";

  /** User metadata keys of an input object giving its window, ISO-8601 instants. */
  public static final String META_WINDOW_START = "window-start";

  public static final String META_WINDOW_END = "window-end";

  /**
   * User metadata of a redrive input (fixed quarantined lines landed again): the stateless batch
   * {@code S} whose quarantined lines it replaces, as a decimal number.
   */
  public static final String META_REDRIVE_OF = "redrive-of";

  /**
   * User metadata of a redrive input: which of {@code S}'s quarantined lines it replaces, as {@link
   * dev.recon.core.quarantine.LineRanges} of 1-based positions in the batch's quarantine listing
   * (line k of the object replaces the k-th position named). Absent: line k replaces position k.
   */
  public static final String META_REDRIVE_LINES = "redrive-lines";

  /**
   * User metadata of a replayed input: the tenant configuration version (decimal) it must be
   * planned with — the one its original's batch ran with — recorded as {@code configVersion} on its
   * INPUT record.
   */
  public static final String META_CONFIG_VERSION = "config-version";

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);

  private Layout() {}

  public static String seq(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative sequence " + n);
    }
    return String.format("%010d", n);
  }

  public static String part(int i) {
    return String.format("part-%05d", i);
  }

  public static String inputKey(Instant windowStart, String batchId, boolean gzip) {
    return INPUT + HOUR.format(windowStart) + "/" + batchId + (gzip ? ".jsonl.gz" : ".jsonl");
  }

  public static String statelessDir(long s) {
    return STATELESS + seq(s) + "/";
  }

  public static String statelessArtifacts(long s, int part) {
    return statelessDir(s) + "artifacts/" + part(part) + ".jsonl";
  }

  public static String keyFile(long s, int part) {
    return statelessDir(s) + "keys/" + part(part) + ".txt";
  }

  /** External (statement) lines of stateless batch S, for matching (DESIGN §9). */
  public static String statelessExternal(long s, int part) {
    return statelessDir(s) + "external/" + part(part) + ".jsonl";
  }

  public static String statelessManifest(long s) {
    return statelessDir(s) + MANIFEST;
  }

  public static String quarantineDir(long s) {
    return QUARANTINE + seq(s) + "/";
  }

  public static String quarantine(long s, int part) {
    return quarantineDir(s) + part(part) + ".jsonl";
  }

  /**
   * Conflicting duplicates the stateful merge of batch N found against history: {@code
   * quarantine/state-<N>/part-<route>.jsonl}.
   */
  public static String stateQuarantineDir(long n) {
    return QUARANTINE + "state-" + seq(n) + "/";
  }

  /**
   * Statement lines the matching stage of stateful batch N quarantined (a statement line re-sent
   * with other content under a known eventId): {@code quarantine/state-<N>/statement-lines.jsonl},
   * after the merge's {@code part-*} files in key order, so their positions stay as they were.
   */
  public static String stateQuarantineStatementLines(long n) {
    return stateQuarantineDir(n) + "statement-lines.jsonl";
  }

  public static String prefetchDir(long n) {
    return PREFETCH + seq(n) + "/";
  }

  public static String prefetch(long n, int part) {
    return prefetchDir(n) + part(part) + ".jsonl";
  }

  public static String prefetchManifest(long n) {
    return prefetchDir(n) + MANIFEST;
  }

  public static String stateDir(long n) {
    return STATE + seq(n) + "/";
  }

  public static String statePart(long n, int part) {
    return stateDir(n) + part(part) + ".jsonl";
  }

  public static String stateManifest(long n) {
    return stateDir(n) + MANIFEST;
  }

  /** What matching of stateful batch N decided and kept (DESIGN §9): {@code match/<N>/}. */
  public static String matchDir(long n) {
    return MATCH + seq(n) + "/";
  }

  /** Open items and seen statement lines after batch N's matching: the next batch starts here. */
  public static String matchState(long n) {
    return matchDir(n) + "state.json";
  }

  /** The decisions batch N made: each statement line whose decision is new or changed. */
  public static String matchResults(long n) {
    return matchDir(n) + "results.jsonl";
  }

  /** Written last: batch N's matching is complete when it exists. */
  public static String matchManifest(long n) {
    return matchDir(n) + MANIFEST;
  }

  /**
   * {@code match/latest.txt}: the newest batch whose matching manifest was written (its ten-digit
   * sequence), so readers find the latest matching without listing {@code match/} (which grows with
   * every batch). Written after each manifest; a reader still probes the batches after it.
   */
  public static String matchLatest() {
    return MATCH + "latest.txt";
  }

  /**
   * The settlement instructions batch N's matching emitted, landed as an input object that the next
   * cycle applies like any input: {@code input/<hour of the earliest>/recon-match-<N>.jsonl}. Only
   * objects with this name may carry events of the reserved source (an IAM deny on the name keeps
   * producers from writing one).
   */
  public static String matchInstructions(Instant earliest, long n) {
    return inputKey(earliest, MATCH_INSTRUCTIONS_PREFIX + seq(n), false);
  }

  /**
   * Whether an input key is a matching stage's instructions object ({@link #matchInstructions}).
   */
  public static boolean isMatchInstructions(String key) {
    return key.substring(key.lastIndexOf('/') + 1).startsWith(MATCH_INSTRUCTIONS_PREFIX);
  }

  /**
   * An object of manual matching instructions ({@code recon match}, {@code unmatch}, {@code
   * confirm}): {@code input/<hour>/recon-manual-<id>.jsonl}. Only objects with this name may carry
   * events of source {@code recon.manual}.
   */
  public static String manualInstructions(Instant at, String id) {
    return inputKey(at, MANUAL_INSTRUCTIONS_PREFIX + id, false);
  }

  /** Whether an input key is an object of manual instructions ({@link #manualInstructions}). */
  public static boolean isManualInstructions(String key) {
    return key.substring(key.lastIndexOf('/') + 1).startsWith(MANUAL_INSTRUCTIONS_PREFIX);
  }
}
