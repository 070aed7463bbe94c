package dev.recon.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.spark.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

class PrefetchPipelineTest {

  @Test
  void distinctKeys_shouldShuffleOnceAndSortEachPartition_whenKeysRepeat() {
    // GIVEN keys repeated across "key files" (several stateless batches, hot-key chunks)
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add("key-" + (i % 100));
    }
    Dataset<String> in = SharedSpark.session().createDataset(keys, Encoders.STRING());

    // WHEN
    Dataset<String> out = PrefetchPipeline.distinctKeys(in, 3);
    List<List<String>> partitions = out.javaRDD().glom().collect();

    // THEN 3 partitions, every key once, sorted within its partition, and a single exchange in the
    // plan
    assertThat(partitions).hasSize(3);
    List<String> all = new ArrayList<>();
    for (List<String> p : partitions) {
      assertThat(p).isSorted();
      all.addAll(p);
    }
    assertThat(all).hasSize(100).doesNotHaveDuplicates();
    String plan = out.queryExecution().executedPlan().toString();
    assertThat(plan.split("Exchange hashpartitioning", -1)).hasSize(2);
  }
}
