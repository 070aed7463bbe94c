package dev.recon.processor;

import dev.recon.core.contract.PartFileStats;
import dev.recon.core.port.ObjectStore;
import dev.recon.spark.PartFileWriter;
import java.util.Map;

/**
 * Finishes a written part-file: uploads it (first run) or, when the batch already has a manifest,
 * checks it is byte-identical to the committed one and uploads nothing.
 *
 * <p>Why verify instead of overwrite: once a batch's manifest exists its part-files may be indexed,
 * and index entries hold byte offsets into them; a rerun must never move those bytes. So a rerun of
 * a committed batch is a proof of determinism that writes nothing, and fails loudly (leaving the
 * committed files intact) if the proof fails.
 */
interface PartCommitter {
  PartFileStats commit(PartFileWriter writer, String key);

  static PartCommitter upload(ObjectStore store) {
    return (writer, key) -> writer.upload(store, key);
  }

  static PartCommitter verify(Map<String, PartFileStats> committed) {
    return (writer, key) -> {
      PartFileStats produced = writer.finish(key);
      PartFileStats expected = committed.get(key);
      if (!produced.equals(expected)) {
        throw new NonDeterministicRerunException(
            "rerun produced " + produced + " but the committed manifest has " + expected);
      }
      return produced;
    };
  }
}
