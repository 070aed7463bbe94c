package dev.recon.indexer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch's part-files into worker assignments of at most {@code perWorker} consecutive
 * files (100 part-files, 5 per worker: 20 workers). Pure and stable, so a resumed coordinator gives
 * worker k the same files it gave it before.
 */
public final class WorkerPlan {
  private WorkerPlan() {}

  public static List<List<String>> assign(List<String> partFiles, int perWorker) {
    if (perWorker < 1) {
      throw new IllegalArgumentException("perWorker must be >= 1: " + perWorker);
    }
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < partFiles.size(); from += perWorker) {
      out.add(List.copyOf(partFiles.subList(from, Math.min(partFiles.size(), from + perWorker))));
    }
    return out;
  }
}
