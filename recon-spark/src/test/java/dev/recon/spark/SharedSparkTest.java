package dev.recon.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

class SharedSparkTest {
  @Test
  void session_shouldRunLocally_whenNoMasterIsSet() {
    long sum =
        SharedSpark.session()
            .createDataset(List.of(1L, 2L, 3L), Encoders.LONG())
            .javaRDD()
            .reduce(Long::sum);
    assertThat(sum).isEqualTo(6L);
    assertThat(SharedSpark.session()).isSameAs(SharedSpark.session());
  }

  @Test
  void perJvm_shouldBuildOnce_whenAskedTwice() {
    Object a = PerJvm.get("k-" + System.nanoTime(), Object::new);
    assertThat(PerJvm.get("same", () -> a)).isSameAs(PerJvm.get("same", Object::new));
  }
}
