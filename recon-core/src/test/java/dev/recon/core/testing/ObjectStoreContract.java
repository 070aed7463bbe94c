package dev.recon.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.error.ReconException;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ObjectStore} must do: the S3 adapter against real S3-compatible servers
 * (recon-local) and {@link InMemoryObjectStore} (InMemoryAdaptersTest). Every test uses its own key
 * prefix, so the tests may share one bucket. Server-specific cases live in the subclasses.
 */
public abstract class ObjectStoreContract {
  public static final int MIB = 1024 * 1024;
  public static final long PART = 5L * MIB;

  /** The store under test (owned by the subclass). */
  protected abstract ObjectStore objectStore();

  /**
   * A store on the same objects listing {@code pageSize} keys per page; a store without pages
   * returns {@link #store}.
   */
  protected ObjectStore pagedObjectStore(int pageSize) {
    return store;
  }

  protected ObjectStore store;
  protected String base;

  @BeforeEach
  public void setUpStore() {
    store = objectStore();
    // A digit first: a second segment that is a tenant id would be another tenant's (TenantKeys).
    base = "it/0" + UUID.randomUUID() + "/";
  }

  @Test
  public void put_shouldStoreBytesAndUserMetadata_whenReadBack() {
    byte[] bytes = "{\"eventId\":\"evt-1\"}\n".getBytes(StandardCharsets.UTF_8);

    store.put(
        base + "input/2026/11/22/10/b1.jsonl",
        bytes,
        Map.of("window-start", "2026-11-22T10:00:00Z"));

    assertThat(store.get(base + "input/2026/11/22/10/b1.jsonl")).isEqualTo(bytes);
    ObjectInfo info = store.head(base + "input/2026/11/22/10/b1.jsonl").orElseThrow();
    assertThat(info.key()).isEqualTo(base + "input/2026/11/22/10/b1.jsonl");
    assertThat(info.size()).isEqualTo(bytes.length);
    assertThat(info.lastModified()).isNotNull();
    assertThat(info.metadata()).containsEntry("window-start", "2026-11-22T10:00:00Z");
  }

  @Test
  public void get_shouldThrowObjectNotFound_whenKeyMissing() {
    String key = base + "missing.jsonl";

    assertThatThrownBy(() -> store.get(key))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining(key);
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(ObjectNotFoundException.class);
    assertThatThrownBy(() -> store.getRange(key, 0, 1)).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.head(key)).isEmpty();
  }

  @Test
  public void getRange_shouldReturnExactBytes_whenRangesTouchEveryPartBoundary(@TempDir Path tmp)
      throws IOException {
    byte[] content = randomBytes((int) (3 * PART + 12_345), 42);
    Path file = tmp.resolve("part-00000.jsonl");
    Files.write(file, content);
    String key = base + "state/7/part-00000.jsonl";

    store.putMultipart(key, file, PART);

    assertThat(store.head(key).orElseThrow().size()).isEqualTo(content.length);
    List<long[]> ranges = new ArrayList<>();
    ranges.add(new long[] {0, 1}); // first byte
    ranges.add(new long[] {content.length - 1, 1}); // last byte
    ranges.add(new long[] {0, content.length}); // everything
    for (long boundary = PART; boundary < content.length; boundary += PART) {
      ranges.add(new long[] {boundary - 10, 10}); // ends exactly at the boundary
      ranges.add(new long[] {boundary, 10}); // starts exactly at it
      ranges.add(new long[] {boundary - 3, 7}); // straddles it
      ranges.add(new long[] {boundary - 1, 1}); // last byte of a part
      ranges.add(new long[] {boundary - PART, PART}); // exactly one whole part
    }
    ranges.add(new long[] {3 * PART, content.length - 3 * PART}); // the tail part
    for (long[] r : ranges) {
      byte[] got = store.getRange(key, r[0], r[1]);
      assertThat(got)
          .as("range %d+%d", r[0], r[1])
          .isEqualTo(Arrays.copyOfRange(content, (int) r[0], (int) (r[0] + r[1])));
    }
  }

  @Test
  public void getRange_shouldFailInsteadOfReturningFewerBytes_whenRangeRunsPastTheEnd() {
    String key = base + "short.jsonl";
    store.put(key, "0123456789".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> store.getRange(key, 5, 10)).isInstanceOf(ReconException.class);
    assertThatThrownBy(() -> store.getRange(key, 10, 1)).isInstanceOf(ReconException.class);
    assertThat(store.getRange(key, 5, 5)).isEqualTo("56789".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void open_shouldStreamWholeObject_whenKeyExists() throws IOException {
    byte[] content = randomBytes(300_000, 7);
    store.put(base + "blob", content);

    try (InputStream in = store.open(base + "blob")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  public void list_shouldReturnAllKeysInOrderAcrossPages_whenMoreKeysThanOnePage() {
    ObjectStore paged = pagedObjectStore(7);
    List<String> expected = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      String key = base + "list/k-" + String.format("%03d", i);
      store.put(key, new byte[i]);
      expected.add(0, key);
    }
    store.put(base + "other/not-listed", new byte[1]);

    List<ObjectInfo> listed = paged.list(base + "list/");

    assertThat(listed).extracting(ObjectInfo::key).containsExactlyElementsOf(expected);
    assertThat(listed)
        .extracting(ObjectInfo::size)
        .containsExactly(java.util.stream.LongStream.range(0, 25).boxed().toArray(Long[]::new));
    assertThat(store.list(base + "list/")).hasSize(25);
  }

  @Test
  public void delete_shouldRemoveObject_whenKeyExistsAndIgnoreMissingKey() {
    store.put(base + "gone", new byte[] {1});

    store.delete(base + "gone");
    store.delete(base + "never-existed");

    assertThat(store.head(base + "gone")).isEmpty();
  }

  public static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
