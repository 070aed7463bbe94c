package dev.recon.indexer;

import java.util.List;

/**
 * Input of the worker handler, sent by the coordinator.
 *
 * <pre>
 * {"batch":7,"worker":3,"attempt":1,
 *  "partFiles":["state/0000000007/part-00015.jsonl","state/0000000007/part-00016.jsonl"]}
 * </pre>
 */
public record WorkerRequest(long batch, int worker, int attempt, List<String> partFiles) {
  public WorkerRequest {
    if (batch < 1 || worker < 0 || attempt < 1 || partFiles == null) {
      throw new IllegalArgumentException(
          "bad worker request: batch " + batch + " worker " + worker + " attempt " + attempt);
    }
    partFiles = List.copyOf(partFiles);
  }
}
