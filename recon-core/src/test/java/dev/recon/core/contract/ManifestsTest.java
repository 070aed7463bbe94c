package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The part-file list the stateful manifests share, read leniently, and optional reads. */
class ManifestsTest {

  private static PrefetchManifest prefetch(String json) {
    return PrefetchManifest.fromJson(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readFiles_shouldSkipElementsThatAreNoObject_andFieldsItDoesNotKnow() {
    // GIVEN a file list with a number, a string, a nested list and an entry with extra fields
    String json =
        "{\"files\":[1,\"x\",[2,[3]],{\"key\":\"k\",\"extra\":{\"a\":[1,{}]},\"records\":2,"
            + "\"bytes\":9,\"sha256\":\"ab\"},{}],\"batch\":3}";

    // WHEN
    PrefetchManifest m = prefetch(json);

    // THEN the objects are read, a field they lack reads 0 or empty, and the rest still is read
    assertThat(m.files())
        .containsExactly(new PartFileStats("k", 2, 9, "ab"), new PartFileStats("", 0, 0, ""));
    assertThat(m.batch()).isEqualTo(3);
  }

  @Test
  void readFiles_shouldReadNoFiles_whenTheListIsNoList_andGoOnReading() {
    assertThat(prefetch("{\"files\":{\"key\":\"k\",\"records\":2},\"batch\":3}"))
        .isEqualTo(new PrefetchManifest(3, 0, 0, 0, new TreeMap<>(), List.of()));
    assertThat(prefetch("{\"files\":\"none\",\"batch\":4}").batch()).isEqualTo(4);
  }

  @Test
  void read_shouldGiveTheObjectsBytes_orEmptyWhenThereIsNone() {
    InMemoryObjectStore store = new InMemoryObjectStore();
    store.put("prefetch/0000000007/manifest.json", new byte[] {'{', '}'}, Map.of());

    assertThat(Manifests.read(store, "prefetch/0000000007/manifest.json"))
        .hasValueSatisfying(b -> assertThat(b).containsExactly('{', '}'));
    assertThat(Manifests.read(store, "prefetch/0000000008/manifest.json")).isEmpty();
  }
}
