package dev.recon.core.contract;

/**
 * The names of the counts the stages record (in their manifests, worker responses and ledger
 * records) and that status, reports and metrics read back. Defined once here, so a writer and its
 * readers can never spell one differently. A stage's counts land in the ledger under its prefix
 * ({@link #PROCESS_PREFIX}, {@link #PREFETCH_PREFIX}, {@link #INDEX_PREFIX}); the reducer's are
 * unprefixed on the STATELESS record ({@link dev.recon.core.layout.LedgerNames}).
 */
public final class CountNames {
  // ------------------------------------------------------------ shared by several stages

  /** Distinct keys (reduce, prefetch, process). */
  public static final String KEYS = "keys";

  /** Events (reduce: accepted events written; process: stateless events read). */
  public static final String EVENTS = "events";

  public static final String DUPLICATES = "duplicates";
  public static final String QUARANTINED = "quarantined";

  /** Prefix of the per-reason counts {@code quarantined.<REASON>}. */
  public static final String QUARANTINED_PREFIX = "quarantined.";

  public static final String BYTES = "bytes";

  /** Artifacts (process: versions written; index: artifacts read from the part-files). */
  public static final String ARTIFACTS = "artifacts";

  /** Cache calls that failed (prefetch, index). */
  public static final String CACHE_ERRORS = "cacheErrors";

  // ------------------------------------------------------------ batch lifecycle (the backlog
  // manager)

  /** How many times the batch was started. */
  public static final String ATTEMPTS = "attempts";

  /** Milliseconds from the batch's last start to success or failure. */
  public static final String DURATION_MS = "durationMs";

  /** On a plan: how many input (or stateless) batches it holds. */
  public static final String BATCHES = "batches";

  // ------------------------------------------------------------ reduce

  public static final String READ = "read";
  public static final String ACCEPTED = "accepted";

  // ------------------------------------------------------------ prefetch

  public static final String PREFETCH_PREFIX = "prefetch.";
  public static final String FOUND = "found";
  public static final String CACHE_HITS = "cacheHits";
  public static final String CACHE_REJECTED = "cacheRejected";
  public static final String CACHE_REPAIRS = "cacheRepairs";
  public static final String STORE_READS = "storeReads";
  public static final String GET_REQUESTS = "getRequests";
  public static final String BYTES_READ = "bytesRead";
  public static final String BYTES_WASTED = "bytesWasted";

  /** Prior artifacts written to the prefetch part-files. */
  public static final String RECORDS = "records";

  // ------------------------------------------------------------ process (the state manifest's
  // counts)

  public static final String PROCESS_PREFIX = "process.";
  public static final String APPLIED = "applied";
  public static final String CONFLICTING_COPIES = "conflictingCopies";
  public static final String UNCHANGED = "unchanged";
  public static final String NEW_KEYS = "newKeys";
  public static final String PREFETCHED_PRIORS = "prefetchedPriors";
  public static final String IN_FLIGHT_PRIORS = "inFlightPriors";
  public static final String PRIOR_ONLY_KEYS = "priorOnlyKeys";
  public static final String PARTS = "parts";
  public static final String HEAVY_KEYS = "heavyKeys";

  /** Prefix of {@code statusTo.<STATUS>}: the versions written by the batch, by their status. */
  public static final String STATUS_TO_PREFIX = "statusTo.";

  /**
   * Prefix of {@code statusFrom.<STATUS>}: the priors those versions replace, by their status (a
   * new key has none).
   */
  public static final String STATUS_FROM_PREFIX = "statusFrom.";

  /**
   * Prefix of {@code census.<STATUS>}: every artifact's newest version through the batch, by status
   * ({@link ArtifactCensus}).
   */
  public static final String CENSUS_PREFIX = "census.";

  // ------------------------------------------------------------ index

  public static final String INDEX_PREFIX = "index.";
  public static final String WRITTEN = "written";
  public static final String NOT_NEWER = "notNewer";
  public static final String CACHED = "cached";
  public static final String INVOCATIONS = "invocations";

  /**
   * Milliseconds the worker invocations that succeeded ran (each worker's own clock, summed by the
   * coordinator): the Lambda duration the cost estimate bills ({@code dev.recon.core.cost}).
   */
  public static final String WORKER_MS = "workerMs";

  private CountNames() {}

  /** {@code quarantined.<reason>}. */
  public static String quarantined(String reason) {
    return QUARANTINED_PREFIX + reason;
  }

  /** A process count as the STATEFUL ledger record holds it: {@code process.<name>}. */
  public static String process(String name) {
    return PROCESS_PREFIX + name;
  }

  /** A prefetch count as the STATEFUL ledger record holds it: {@code prefetch.<name>}. */
  public static String prefetch(String name) {
    return PREFETCH_PREFIX + name;
  }

  /** An index count as the STATEFUL ledger record holds it: {@code index.<name>}. */
  public static String index(String name) {
    return INDEX_PREFIX + name;
  }
}
