package dev.recon.core.testing;

import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectStore;
import org.junit.jupiter.api.Nested;

/**
 * The adapter contracts against the in-memory fakes: a fake that drifts from the real adapters
 * (which recon-local runs the same contracts against) fails the build here.
 */
class InMemoryAdaptersTest {

  @Nested
  class InMemoryObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore objectStore() {
      return new InMemoryObjectStore();
    }
  }

  @Nested
  class InMemoryArtifactIndexTest extends ArtifactIndexContract {
    @Override
    protected ArtifactIndex artifactIndex() {
      return new InMemoryArtifactIndex();
    }
  }

  @Nested
  class InMemoryBatchLedgerTest extends BatchLedgerContract {
    @Override
    protected BatchLedger batchLedger() {
      return new InMemoryBatchLedger();
    }
  }

  @Nested
  class InMemoryArtifactCacheTest extends ArtifactCacheContract {
    @Override
    protected ArtifactCache artifactCache(int maxBytes) {
      return new InMemoryArtifactCache(maxBytes);
    }
  }
}
