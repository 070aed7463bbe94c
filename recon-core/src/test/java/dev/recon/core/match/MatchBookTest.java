package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.layout.Layout;
import dev.recon.core.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MatchBookTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final MatchBook book = new MatchBook(store);

  private void manifest(long n) {
    store.put(Layout.matchManifest(n), "{}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void latestBatch_shouldListMatch_whenNoPointerWasWritten() {
    // GIVEN a store from before the pointer: manifests 2 and 5, a batch cut off before its manifest
    manifest(2);
    manifest(5);
    store.put(Layout.matchState(7), "{}".getBytes(StandardCharsets.UTF_8));

    // THEN the newest manifest, and the one before a batch
    assertThat(book.latestBatch()).isEqualTo(5);
    assertThat(book.before(5)).isEqualTo(2);
    assertThat(book.before(9)).isEqualTo(5);
    assertThat(new MatchBook(new InMemoryObjectStore()).latestBatch()).isZero();
  }

  @Test
  void latestBatch_shouldFollowThePointer_andTheManifestsWrittenAfterIt() {
    // GIVEN the pointer at 3 and the manifests of 3, 4 (written, then the stage stopped) and 9
    manifest(3);
    book.advance(3);
    manifest(4);
    manifest(9);

    // THEN the pointer and the manifests right after it; 9 is not reached without a listing
    assertThat(book.latestBatch()).isEqualTo(4);
    assertThat(book.before(6)).isEqualTo(4);
    // AND a rerun of an older batch never moves the pointer back
    book.advance(9);
    book.advance(2);
    assertThat(store.get(Layout.matchLatest())).asString().isEqualTo(Layout.seq(9) + "\n");
    assertThat(book.latestBatch()).isEqualTo(9);
    // AND a batch before the pointer is answered from the listing
    assertThat(book.before(4)).isEqualTo(3);
    assertThat(book.before(9)).isEqualTo(4);
  }
}
