package dev.recon.indexer;

/**
 * Output of the coordinator handler.
 *
 * <pre>
 * {"batch":7,"status":"SUCCESS","partFiles":100,"workers":20,"invocations":21,
 *  "artifacts":250000,"written":250000,"notNewer":0,"cached":248000,"error":null}
 * </pre>
 *
 * @param status SUCCESS (every worker done; the ledger's stage.index is SUCCESS), FAILURE (a worker
 *     ran out of attempts; stage.index is FAILURE, {@code error} says which), or EXECUTING (workers
 *     still running when this invocation neared its own time limit: call the coordinator again with
 *     the same input; it resumes from the ledger and re-invokes nothing that is running)
 */
public record CoordinatorResponse(
    long batch,
    String status,
    int partFiles,
    int workers,
    long invocations,
    long artifacts,
    long written,
    long notNewer,
    long cached,
    String error) {}
