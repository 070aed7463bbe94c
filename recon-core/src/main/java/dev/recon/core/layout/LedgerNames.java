package dev.recon.core.layout;

import dev.recon.core.contract.CountNames;

/**
 * Names shared by every writer and reader of the ledger, so the stages agree.
 *
 * <ul>
 *   <li>INPUT records: id = the input object key; INITIATED when registered (pending), EXECUTING
 *       once planned into a stateless batch (attribute {@link #STATELESS_BATCH}), SUCCESS once that
 *       stateless batch succeeded, CANCELED never (cancelling a plan returns inputs to INITIATED);
 *       a redrive input also {@link #REDRIVE_OF} and {@link #REDRIVE_LINES}.
 *   <li>STATELESS records: id = {@link Layout#seq}(S); attributes {@link #INPUTS}, {@link
 *       #WINDOW_START}, {@link #WINDOW_END}, and {@link #STATEFUL_BATCH} once a stateful batch
 *       takes it, {@link #SOURCES} once it succeeded, {@link #REDRIVEN_BY} once fixed lines of its
 *       quarantine were landed again; counts {@link #READ}, {@link #ACCEPTED}, {@link #DUPLICATES},
 *       {@link #QUARANTINED}, {@code quarantined.<REASON>}, {@link #KEYS}.
 *   <li>STATEFUL records: id = {@link Layout#seq}(N); attributes {@link #STATELESS_FROM}, {@link
 *       #STATELESS_TO} (inclusive), {@link #WINDOW_END} (the batch's asOf), {@link
 *       #INDEXED_THROUGH} (set by the prefetcher), and {@code stage.<name>} = a BatchStatus name.
 *   <li>Stage metrics ({@link dev.recon.core.metrics.StageMetrics}): counts {@code
 *       metrics.<stage>.<name>} ({@link #metrics}) on the STATELESS record (stage {@link
 *       #STAGE_REDUCE}) or the STATEFUL record (prefetch, process, index) of the batch the stage
 *       ran.
 *   <li>LOCK records: id = a stage name; attribute {@link #OWNER}, {@link #HELD_BATCH}, {@link
 *       #EXPIRES_AT}.
 *   <li>CONFIG records ({@link dev.recon.core.config.TenantConfigs}): id {@code current} (the
 *       pointer: sequence = the current version) and {@code seq(V)} per version (immutable).
 *   <li>COUNTER records: {@link #COUNTER_STATELESS}, {@link #COUNTER_STATEFUL}, {@link
 *       #COUNTER_INPUT} (the registration order of inputs: an INPUT record's sequence).
 * </ul>
 */
public final class LedgerNames {
  public static final String STATELESS_BATCH = "statelessBatch";
  public static final String STATEFUL_BATCH = "statefulBatch";
  public static final String INPUTS = "inputs";
  public static final String WINDOW_START = "windowStart";
  public static final String WINDOW_END = "windowEnd";
  public static final String STATELESS_FROM = "statelessFrom";
  public static final String STATELESS_TO = "statelessTo";
  public static final String INDEXED_THROUGH = "indexedThrough";
  public static final String STAGE_PREFIX = "stage.";
  public static final String STAGE_PREFETCH = "prefetch";
  public static final String STAGE_PROCESS = "process";
  public static final String STAGE_INDEX = "index";

  /** The stateless reducer, as a metrics stage (a stateless batch has no stage attributes). */
  public static final String STAGE_REDUCE = "reduce";

  public static final String METRICS_PREFIX = "metrics.";
  public static final String OWNER = "owner";
  public static final String HELD_BATCH = "batch";
  public static final String EXPIRES_AT = "expiresAt";
  public static final String ERROR = "error";

  /** When the batch (last) started executing (ISO-8601). */
  public static final String STARTED_AT = "startedAt";

  /** When the batch reached SUCCESS, FAILURE or CANCELED (ISO-8601). */
  public static final String FINISHED_AT = "finishedAt";

  /** Why a batch was cancelled (operator request, abandoned plan, unused sequence number). */
  public static final String CANCEL_REASON = "cancelReason";

  /**
   * Per event source, the highest accepted event time and count of a stateless batch ({@code
   * BatchSources}).
   */
  public static final String SOURCES = "sources";

  /**
   * On an INPUT record of a redrive input: the stateless batch (decimal) whose quarantined lines it
   * replaces ({@link Layout#META_REDRIVE_OF}).
   */
  public static final String REDRIVE_OF = "redriveOf";

  /**
   * On an INPUT record of a redrive input: the positions it replaces in that batch's quarantine
   * listing ({@link Layout#META_REDRIVE_LINES}); absent when line k replaces position k.
   */
  public static final String REDRIVE_LINES = "redriveLines";

  /**
   * On a STATELESS record: the redrive inputs that replace some of its quarantined lines ({@code
   * \n}-separated keys, in registration order). The quarantine records themselves stay (audit).
   */
  public static final String REDRIVEN_BY = "redrivenBy";

  /** Count names are {@link CountNames}; these are kept for the reducer's readers. */
  public static final String READ = CountNames.READ;

  public static final String ACCEPTED = CountNames.ACCEPTED;
  public static final String DUPLICATES = CountNames.DUPLICATES;
  public static final String QUARANTINED = CountNames.QUARANTINED;
  public static final String QUARANTINED_PREFIX = CountNames.QUARANTINED_PREFIX;
  public static final String KEYS = CountNames.KEYS;
  public static final String BYTES = CountNames.BYTES;
  public static final String EVENTS = CountNames.EVENTS;

  public static final String COUNTER_STATELESS = "stateless";
  public static final String COUNTER_STATEFUL = "stateful";

  /**
   * Numbers INPUT records in registration order. Inputs are applied in that order (then key), and
   * among copies of one event the copy from the first input wins, so this order is part of the
   * books.
   */
  public static final String COUNTER_INPUT = "input";

  /**
   * On a STATELESS and a STATEFUL record: the tenant configuration version (decimal) the batch runs
   * with ({@link dev.recon.core.config.TenantConfigs}; {@code 0}: none set, the deployment's
   * settings). On an INPUT record of a replayed input: the version it must be planned with (the
   * original batch's), so a replay uses what the original run used. Absent reads as 0.
   */
  public static final String CONFIG_VERSION = "configVersion";

  private LedgerNames() {}

  public static String stage(String name) {
    return STAGE_PREFIX + name;
  }

  /** The prefix of a stage's metric counts: {@code metrics.<stage>.}. */
  public static String metrics(String stage) {
    return METRICS_PREFIX + stage + ".";
  }
}
