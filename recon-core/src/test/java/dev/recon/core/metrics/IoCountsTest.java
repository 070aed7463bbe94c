package dev.recon.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IoCountsTest {

  @Test
  void plus_shouldAddEachMetric_readingAbsentOnesAsZero() {
    IoCounts a = new IoCounts(Map.of(IoMetric.S3_GET_REQUESTS, 3L, IoMetric.CACHE_HITS, 10L));
    IoCounts b = new IoCounts(Map.of(IoMetric.S3_GET_REQUESTS, 4L, IoMetric.DYNAMODB_READS, 7L));

    IoCounts sum = a.plus(b);

    assertThat(sum.get(IoMetric.S3_GET_REQUESTS)).isEqualTo(7);
    assertThat(sum.get(IoMetric.CACHE_HITS)).isEqualTo(10);
    assertThat(sum.get(IoMetric.DYNAMODB_READS)).isEqualTo(7);
    assertThat(sum.get(IoMetric.S3_PUT_REQUESTS)).isZero();
    assertThat(IoCounts.ZERO.plus(a)).isEqualTo(a);
  }

  @Test
  void plus_shouldFail_ratherThanOverflow() {
    IoCounts max = new IoCounts(Map.of(IoMetric.S3_BYTES_READ, Long.MAX_VALUE));
    IoCounts one = new IoCounts(Map.of(IoMetric.S3_BYTES_READ, 1L));
    assertThatThrownBy(() -> max.plus(one)).isInstanceOf(ArithmeticException.class);
  }
}
