package dev.recon.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.IndexPutOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactIndex} must do: {@code DynamoDbArtifactIndex} against a real DynamoDB
 * (recon-local) and {@link InMemoryArtifactIndex} (InMemoryAdaptersTest). Ids are unique per test.
 */
public abstract class ArtifactIndexContract {

  /** The index under test (owned by the subclass). */
  protected abstract ArtifactIndex artifactIndex();

  private ArtifactIndex index;
  private String id;

  @BeforeEach
  public void setUpIndex() {
    index = artifactIndex();
    id = "order-" + UUID.randomUUID();
  }

  @Test
  public void putIfNewer_shouldWrite_whenNoEntryExists() {
    IndexEntry e = new IndexEntry(id, "state/3/part-00000.jsonl", 0, 120, 3);

    assertThat(index.putIfNewer(e)).isEqualTo(IndexPutOutcome.WRITTEN);

    assertThat(index.get(id)).contains(e);
  }

  @Test
  public void putIfNewer_shouldRejectAndKeepStoredEntry_whenVersionIsOlder() {
    IndexEntry stored = new IndexEntry(id, "state/5/part-00001.jsonl", 4096, 200, 5);
    index.putIfNewer(stored);

    IndexPutOutcome outcome =
        index.putIfNewer(new IndexEntry(id, "state/4/part-00000.jsonl", 0, 99, 4));

    assertThat(outcome).isEqualTo(IndexPutOutcome.NOT_NEWER);
    assertThat(index.get(id)).contains(stored);
  }

  @Test
  public void putIfNewer_shouldRejectAndKeepStoredEntry_whenVersionIsEqual() {
    IndexEntry stored = new IndexEntry(id, "state/5/part-00001.jsonl", 4096, 200, 5);
    index.putIfNewer(stored);

    IndexPutOutcome outcome =
        index.putIfNewer(new IndexEntry(id, "state/5/part-00009.jsonl", 1, 2, 5));

    assertThat(outcome).isEqualTo(IndexPutOutcome.NOT_NEWER);
    assertThat(index.get(id)).contains(stored);
  }

  @Test
  public void putIfNewer_shouldReplaceEntry_whenVersionIsNewer() {
    index.putIfNewer(new IndexEntry(id, "state/5/part-00001.jsonl", 4096, 200, 5));
    IndexEntry newer = new IndexEntry(id, "state/6/part-00000.jsonl", 0, 250, 6);

    assertThat(index.putIfNewer(newer)).isEqualTo(IndexPutOutcome.WRITTEN);

    assertThat(index.get(id)).contains(newer);
  }

  @Test
  public void scan_shouldVisitEveryEntry_acrossPages() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ids.add(id + "-scan-" + i);
      index.putIfNewer(new IndexEntry(id + "-scan-" + i, "state/1/part-00000.jsonl", i, 10, 1));
    }
    List<String> seen = new ArrayList<>();
    index.scan(
        e -> {
          if (e.artifactId().startsWith(id + "-scan-")) {
            seen.add(e.artifactId());
          }
        });
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  public void get_shouldBeEmpty_whenNoEntry() {
    assertThat(index.get(id)).isEmpty();
  }

  @Test
  public void getAll_shouldReturnEveryExistingEntry_whenMoreIdsThanOneBatch() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      String each = id + "-" + i;
      ids.add(each);
      if (i % 10 != 0) {
        index.putIfNewer(new IndexEntry(each, "state/1/part-00000.jsonl", i * 100L, 100, 1 + i));
      }
    }
    ids.add(ids.get(1)); // a duplicate id must not break the batch

    Map<String, IndexEntry> found = index.getAll(ids);

    assertThat(found).hasSize(117);
    assertThat(found).doesNotContainKeys(id + "-0", id + "-10", id + "-120");
    assertThat(found.get(id + "-123"))
        .isEqualTo(new IndexEntry(id + "-123", "state/1/part-00000.jsonl", 12_300, 100, 124));
  }
}
