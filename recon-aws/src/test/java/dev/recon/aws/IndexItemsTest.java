package dev.recon.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.IndexEntry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class IndexItemsTest {

  @Test
  void toItem_shouldUseDocumentedAttributeTypes_whenMappingEntry() {
    Map<String, AttributeValue> item =
        IndexItems.toItem(new IndexEntry("order-1", "state/3/part-00001.jsonl", 1024, 300, 3));

    assertThat(item.get("artifactId").s()).isEqualTo("order-1");
    assertThat(item.get("partFile").s()).isEqualTo("state/3/part-00001.jsonl");
    assertThat(item.get("offset").n()).isEqualTo("1024");
    assertThat(item.get("length").n()).isEqualTo("300");
    assertThat(item.get("version").n()).isEqualTo("3");
  }

  @Test
  void fromItem_shouldRoundTrip_whenItemWasMapped() {
    IndexEntry entry = new IndexEntry("order-1", "state/3/part-00001.jsonl", 0, 1, Long.MAX_VALUE);

    assertThat(IndexItems.fromItem(IndexItems.toItem(entry))).isEqualTo(entry);
  }

  @Test
  void fromItem_shouldFail_whenAttributeMissing() {
    Map<String, AttributeValue> item =
        new HashMap<>(IndexItems.toItem(new IndexEntry("a", "p", 0, 1, 1)));
    item.remove("version");

    assertThatThrownBy(() -> IndexItems.fromItem(item))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version");
  }
}
