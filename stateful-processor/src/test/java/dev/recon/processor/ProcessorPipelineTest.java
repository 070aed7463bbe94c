package dev.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.spark.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The processor's Spark plumbing on in-memory rows (no object store needed). */
class ProcessorPipelineTest {
  private final JavaSparkContext jsc =
      JavaSparkContext.fromSparkContext(SharedSpark.session().sparkContext());

  private static Contribution row(String id, long bytes) {
    Contribution c =
        Contribution.stateless(
            id, 1, "stateless/0000000001/artifacts/part-00000.jsonl", 1, 0, new byte[] {'{'});
    c.length = bytes;
    return c;
  }

  private JavaRDD<Contribution> rows() {
    List<Contribution> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(row("order-" + i, 100));
    }
    for (int chunk = 0; chunk < 30; chunk++) {
      rows.add(row("hot-b", 10_000)); // 300 KB over 30 lines
      rows.add(row("hot-a", 5_000)); // 150 KB
    }
    rows.add(row("warm", 60_000));
    return jsc.parallelize(rows, 4);
  }

  @Test
  void heavyKeys_shouldReturnTheHeaviestSortedById_whenOverTheThresholdAndCapped() {
    // GIVEN / WHEN: a 50 KB threshold, at most 2 heavy keys
    List<String> heavy = ProcessorPipeline.heavyKeys(rows(), 50_000, 2);

    // THEN the two heaviest (hot-b 300 KB, hot-a 150 KB; not warm at 60 KB), in id order
    assertThat(heavy).containsExactly("hot-a", "hot-b");
  }

  @Test
  void routePartitioner_shouldPutEachRouteAloneInItsPartitionSorted_whenShuffled() {
    // GIVEN 3 ordinary routes and the two heavy keys on routes 3 and 4
    Routes routes = new Routes(3, List.of("hot-a", "hot-b"));

    // WHEN
    List<List<Tuple2<ContributionKey, Contribution>>> partitions =
        rows()
            .mapToPair(new ProcessorPipeline.KeyByRoute(routes))
            .repartitionAndSortWithinPartitions(
                new Routes.RoutePartitioner(routes.count()), new ContributionKey.Order())
            .glom()
            .collect();

    // THEN partition r holds route r only, in key order; each heavy key is alone in its own
    assertThat(partitions).hasSize(5);
    ContributionKey.Order order = new ContributionKey.Order();
    for (int r = 0; r < partitions.size(); r++) {
      List<Tuple2<ContributionKey, Contribution>> p = partitions.get(r);
      for (int i = 0; i < p.size(); i++) {
        assertThat(p.get(i)._1().route).isEqualTo(r);
        if (i > 0) {
          assertThat(order.compare(p.get(i - 1)._1(), p.get(i)._1())).isNotPositive();
        }
      }
    }
    assertThat(partitions.get(3)).extracting(t -> t._2().artifactId).containsOnly("hot-a");
    assertThat(partitions.get(4)).extracting(t -> t._2().artifactId).containsOnly("hot-b");
  }
}
