package dev.recon.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.CachedArtifact;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.testing.ArtifactCacheContract;
import dev.recon.core.testing.ArtifactIndexContract;
import dev.recon.core.testing.BatchLedgerContract;
import dev.recon.core.testing.InMemoryArtifactCache;
import dev.recon.core.testing.InMemoryArtifactIndex;
import dev.recon.core.testing.InMemoryBatchLedger;
import dev.recon.core.testing.InMemoryObjectStore;
import dev.recon.core.testing.ObjectStoreContract;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The tenant-scoped ports: each passes the port's own contract while other tenants' data sits in
 * the same shared store (so a view that leaked it, or lost its own, fails the contract), and the
 * shared stores hold exactly the keys of DESIGN §10.
 */
class TenantsTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex-2");
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  /** A shared store already holding objects of the default tenant and of globex-2. */
  private static InMemoryObjectStore noisyStore() {
    InMemoryObjectStore shared = new InMemoryObjectStore();
    for (TenantId t : List.of(TenantId.DEFAULT, GLOBEX)) {
      ObjectStore view = Tenants.scope(shared, t);
      view.put("input/2026/11/22/10/noise.jsonl", bytes("noise of " + t));
      view.put("state/0000000001/part-00000.jsonl", bytes("state of " + t));
      view.put("it/0noise/list/k-000", bytes("listed by " + t));
    }
    return shared;
  }

  private static InMemoryArtifactIndex noisyIndex() {
    InMemoryArtifactIndex shared = new InMemoryArtifactIndex();
    for (TenantId t : List.of(TenantId.DEFAULT, GLOBEX)) {
      Tenants.scope(shared, t)
          .putIfNewer(new IndexEntry("noise", "state/0000000001/part-00000.jsonl", 0, 9, 99));
    }
    return shared;
  }

  private static InMemoryBatchLedger noisyLedger() {
    InMemoryBatchLedger shared = new InMemoryBatchLedger();
    for (TenantId t : List.of(TenantId.DEFAULT, GLOBEX)) {
      BatchLedger view = Tenants.scope(shared, t);
      for (BatchKind kind : BatchKind.values()) {
        view.create(LedgerRecord.create(kind, "noise", 1, BatchStatus.INITIATED, T0));
      }
      view.nextSequence("stateless");
    }
    return shared;
  }

  @Nested
  class AcmeObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore objectStore() {
      return Tenants.scope(noisyStore(), ACME);
    }
  }

  @Nested
  class DefaultObjectStoreTest extends ObjectStoreContract {
    @Override
    protected ObjectStore objectStore() {
      InMemoryObjectStore shared = noisyStore();
      // The default view must not see acme's objects either.
      Tenants.scope(shared, ACME).put("it/0noise/list/k-001", bytes("acme"));
      return Tenants.scope(shared, TenantId.DEFAULT);
    }
  }

  @Nested
  class AcmeArtifactIndexTest extends ArtifactIndexContract {
    @Override
    protected ArtifactIndex artifactIndex() {
      return Tenants.scope(noisyIndex(), ACME);
    }
  }

  @Nested
  class DefaultArtifactIndexTest extends ArtifactIndexContract {
    @Override
    protected ArtifactIndex artifactIndex() {
      return Tenants.scope(noisyIndex(), TenantId.DEFAULT);
    }
  }

  @Nested
  class AcmeBatchLedgerTest extends BatchLedgerContract {
    @Override
    protected BatchLedger batchLedger() {
      return Tenants.scope(noisyLedger(), ACME);
    }
  }

  @Nested
  class DefaultBatchLedgerTest extends BatchLedgerContract {
    @Override
    protected BatchLedger batchLedger() {
      return Tenants.scope(noisyLedger(), TenantId.DEFAULT);
    }
  }

  @Nested
  class AcmeArtifactCacheTest extends ArtifactCacheContract {
    @Override
    protected ArtifactCache artifactCache(int maxBytes) {
      return Tenants.scope(new InMemoryArtifactCache(maxBytes), ACME);
    }
  }

  @Test
  void objectStore_shouldPutTheTenantAfterTheFirstSegment_whenWriting() {
    InMemoryObjectStore shared = new InMemoryObjectStore();
    Tenants.scope(shared, ACME).put("input/2026/11/22/10/b.jsonl", bytes("a"));
    Tenants.scope(shared, ACME).put("state/0000000003/part-00000.jsonl", bytes("b"));
    Tenants.scope(shared, TenantId.DEFAULT).put("state/0000000003/part-00000.jsonl", bytes("c"));

    assertThat(shared.list("").stream().map(ObjectInfo::key))
        .containsExactlyInAnyOrder(
            "input/acme/2026/11/22/10/b.jsonl",
            "state/acme/0000000003/part-00000.jsonl",
            "state/0000000003/part-00000.jsonl");
    assertThat(Tenants.scope(shared, GLOBEX).list("")).isEmpty();
    assertThat(Tenants.scope(shared, TenantId.DEFAULT).list("state/"))
        .extracting(ObjectInfo::key)
        .containsExactly("state/0000000003/part-00000.jsonl");
    assertThat(Tenants.scope(shared, ACME).head("input/2026/11/22/10/b.jsonl").orElseThrow().key())
        .isEqualTo("input/2026/11/22/10/b.jsonl");
  }

  @Test
  void objectStore_shouldReadInputDefaultAsTheDefaultTenants_whenAProducerNamesIt() {
    InMemoryObjectStore shared = new InMemoryObjectStore();
    shared.put("input/default/2026/11/22/10/b.jsonl", bytes("a"));
    shared.put("input/2026/11/22/10/c.jsonl", bytes("b"));

    assertThat(Tenants.scope(shared, TenantId.DEFAULT).list("input/"))
        .extracting(ObjectInfo::key)
        .containsExactly("input/2026/11/22/10/c.jsonl", "input/default/2026/11/22/10/b.jsonl");
    assertThat(Tenants.withInput(shared)).containsExactly(TenantId.DEFAULT);
  }

  @Test
  void
      objectStore_shouldKeepTheStatefulQuarantineWithTheDefaultTenant_whenItsSegmentLooksLikeATenant() {
    InMemoryObjectStore shared = new InMemoryObjectStore();
    shared.put("quarantine/state-0000000003/part-00000.jsonl", bytes("a"));
    Tenants.scope(shared, ACME).put("quarantine/state-0000000003/part-00000.jsonl", bytes("b"));

    assertThat(Tenants.scope(shared, TenantId.DEFAULT).list("quarantine/"))
        .extracting(ObjectInfo::key)
        .containsExactly("quarantine/state-0000000003/part-00000.jsonl");
    assertThat(Tenants.scope(shared, ACME).get("quarantine/state-0000000003/part-00000.jsonl"))
        .isEqualTo(bytes("b"));
  }

  @Test
  void objectStore_shouldKeepTheRuleSetsWithTheDefaultTenant_whenTheirSegmentLooksLikeATenant() {
    InMemoryObjectStore shared = new InMemoryObjectStore();
    shared.put("config/rules/v1-0123456789abcdef.yaml", bytes("a"));
    Tenants.scope(shared, ACME).put("config/rules/v1-0123456789abcdef.yaml", bytes("b"));

    var own = Tenants.scope(shared, TenantId.DEFAULT);
    assertThat(own.list(""))
        .extracting(ObjectInfo::key)
        .containsExactly("config/rules/v1-0123456789abcdef.yaml");
    assertThat(own.list("config/rules/"))
        .extracting(ObjectInfo::key)
        .containsExactly("config/rules/v1-0123456789abcdef.yaml");
    assertThat(own.head("config/rules/v1-0123456789abcdef.yaml")).isPresent();
    assertThat(Tenants.scope(shared, ACME).get("config/rules/v1-0123456789abcdef.yaml"))
        .isEqualTo(bytes("b"));
  }

  @Test
  void index_shouldKeyEntriesByTenantAndStoreThePartFilesStoreKey_whenPut() {
    InMemoryArtifactIndex shared = new InMemoryArtifactIndex();
    Tenants.scope(shared, ACME)
        .putIfNewer(new IndexEntry("order-1", "state/0000000002/part-00000.jsonl", 5, 10, 2));

    IndexEntry raw = shared.get("acme#order-1").orElseThrow();
    assertThat(raw.partFile()).isEqualTo("state/acme/0000000002/part-00000.jsonl");
    assertThat(shared.get("order-1")).isEmpty();
    assertThat(Tenants.scope(shared, TenantId.DEFAULT).get("order-1")).isEmpty();
    assertThat(Tenants.scope(shared, GLOBEX).get("order-1")).isEmpty();
    assertThat(Tenants.scope(shared, ACME).get("order-1").orElseThrow().partFile())
        .isEqualTo("state/0000000002/part-00000.jsonl");
  }

  @Test
  void index_shouldNotLetADefaultIdThatLooksTenantPrefixedReachTheTenant_whenPut() {
    InMemoryArtifactIndex shared = new InMemoryArtifactIndex();
    ArtifactIndex defaults = Tenants.scope(shared, TenantId.DEFAULT);
    defaults.putIfNewer(new IndexEntry("acme#order-1", "state/0000000002/p.jsonl", 0, 1, 7));
    defaults.putIfNewer(new IndexEntry("plain", "state/0000000002/p.jsonl", 0, 1, 7));

    assertThat(Tenants.scope(shared, ACME).get("order-1")).isEmpty();
    assertThat(shared.get("default#acme#order-1")).isPresent();
    assertThat(shared.get("plain")).isPresent();
    assertThat(defaults.get("acme#order-1").orElseThrow().version()).isEqualTo(7);
  }

  @Test
  void cache_shouldShareTheIndexItemKey_whenPut() {
    InMemoryArtifactCache shared = new InMemoryArtifactCache(1024);
    Tenants.scope(shared, ACME).putAll(List.of(new CachedArtifact("order-1", 3, bytes("x"))));

    assertThat(shared.getAll(Set.of("acme#order-1"))).containsOnlyKeys("acme#order-1");
    assertThat(Tenants.scope(shared, TenantId.DEFAULT).getAll(Set.of("order-1"))).isEmpty();
    assertThat(Tenants.scope(shared, ACME).get("order-1", 3)).isPresent();
  }

  @Test
  void ledger_shouldKeepSequencesLocksAndRecordsPerTenant_whenTwoTenantsRun() {
    InMemoryBatchLedger shared = new InMemoryBatchLedger();
    BatchLedger acme = Tenants.scope(shared, ACME);
    BatchLedger globex = Tenants.scope(shared, GLOBEX);

    assertThat(acme.nextSequence("stateless")).isEqualTo(1);
    assertThat(acme.nextSequence("stateless")).isEqualTo(2);
    assertThat(globex.nextSequence("stateless")).isEqualTo(1);
    acme.create(LedgerRecord.create(BatchKind.LOCK, "prefetch", 0, BatchStatus.EXECUTING, T0));
    globex.create(LedgerRecord.create(BatchKind.LOCK, "prefetch", 0, BatchStatus.EXECUTING, T0));

    assertThat(shared.list(BatchKind.LOCK))
        .extracting(LedgerRecord::id)
        .containsExactlyInAnyOrder("acme#prefetch", "globex-2#prefetch");
    assertThat(acme.list(BatchKind.LOCK)).extracting(LedgerRecord::id).containsExactly("prefetch");
    assertThat(Tenants.scope(shared, TenantId.DEFAULT).list(BatchKind.LOCK)).isEmpty();
    assertThat(Tenants.withUnfinished(shared, BatchKind.LOCK)).containsExactly(ACME, GLOBEX);
  }

  @Test
  void tenantId_shouldRefuseWhatCannotBeAPrefixOrDimension_whenParsed() {
    for (String bad :
        List.of(
            "", "Acme", "1acme", "-a", "a_b", "a/b", "a#b", "a".repeat(41), "state-1", "rules")) {
      assertThatThrownBy(() -> TenantId.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(TenantId.of("a".repeat(40)).value()).hasSize(40);
    assertThat(TenantId.of("b-2").isDefault()).isFalse();
    assertThat(TenantId.of("default").isDefault()).isTrue();
  }

  @Test
  void keys_shouldRoundTrip_forEveryTenantAndKeyShape() {
    for (TenantId t : List.of(TenantId.DEFAULT, ACME, GLOBEX)) {
      TenantKeys keys = new TenantKeys(t);
      for (String key :
          List.of("input/2026/11/22/10/b.jsonl", "state/0000000001/part-00000.jsonl", "x/y")) {
        assertThat(keys.ownKey(keys.objectKey(key))).contains(key);
        assertThat(TenantKeys.ownerOfObjectKey(keys.objectKey(key))).isEqualTo(t);
      }
      for (String id : List.of("order-1", "acme#1", "default#x", "#", "a#", "é#b")) {
        assertThat(keys.ownId(keys.itemKey(id))).contains(id);
        assertThat(TenantKeys.ownerOfItemKey(keys.itemKey(id))).isEqualTo(t);
      }
    }
    assertThat(Map.of("k", new TenantKeys(ACME).objectKey("input/k")))
        .containsValue("input/acme/k");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
