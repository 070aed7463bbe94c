package dev.recon.indexer;

/**
 * Output of the worker handler (also recorded as counts in the ledger, since an asynchronous
 * invocation's result goes nowhere).
 *
 * <pre>
 * {"batch":7,"worker":3,"attempt":1,"status":"SUCCESS","partFiles":5,"artifacts":12500,
 *  "written":12500,"notNewer":0,"cached":12400,"cacheErrors":0}
 * </pre>
 *
 * @param status SUCCESS, or SKIPPED when the worker was already done or a newer attempt took over
 * @param notNewer entries the index already had at this or a newer version (a rerun, or a later
 *     batch)
 * @param cached artifacts written to the cache (those over the size limit are not)
 */
public record WorkerResponse(
    long batch,
    int worker,
    int attempt,
    String status,
    int partFiles,
    long artifacts,
    long written,
    long notNewer,
    long cached,
    long cacheErrors) {}
