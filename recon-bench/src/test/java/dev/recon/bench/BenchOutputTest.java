package dev.recon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOutputTest {

  @Test
  void write_shouldWriteJsonReportAndAReadablePng(@TempDir Path dir) throws Exception {
    BenchResult r = BenchResultTest.sample();
    BenchOutput.write(r, "test machine", dir.resolve("out"));
    Path out = dir.resolve("out");
    assertThat(Files.readString(out.resolve(BenchOutput.JSON)).trim()).isEqualTo(r.toJson());
    assertThat(Files.readString(out.resolve(BenchOutput.REPORT))).contains("test machine");
    BufferedImage png = ImageIO.read(out.resolve(BenchOutput.CHART).toFile());
    assertThat(png).isNotNull();
    assertThat(png.getWidth()).isEqualTo(BenchChart.WIDTH);
    assertThat(png.getHeight()).isGreaterThan(BenchChart.ROW * BenchResult.GOALS.size());
  }

  @Test
  void attainment_shouldBeAtLeastOne_exactlyWhenTheGoalIsMet() {
    double[] atLeast20 = {20, 1};
    double[] atMost5 = {5, -1};
    assertThat(BenchChart.attainment(40, atLeast20)).isEqualTo(2.0);
    assertThat(BenchChart.attainment(10, atLeast20)).isEqualTo(0.5);
    assertThat(BenchChart.attainment(2.5, atMost5)).isEqualTo(2.0);
    assertThat(BenchChart.attainment(10, atMost5)).isEqualTo(0.5);
    assertThat(BenchChart.attainment(Double.NaN, atLeast20)).isZero();
  }

  @Test
  void machine_shouldNameCoresAndLoad() {
    assertThat(BenchOutput.machine()).contains("cores").contains("load average");
  }
}
