package dev.recon.core.tenant;

import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.ArtifactCache;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Tenant-scoped views of the four ports (DESIGN §10). Every stage runs against one tenant's views
 * and sees the single-tenant layout of DESIGN §5; the views put the tenant into every key ({@link
 * TenantKeys}), so a stage cannot read or write another tenant's objects, index entries, cache
 * entries or ledger records. The default tenant's views are the unprefixed keys minus every other
 * tenant's.
 */
public final class Tenants {
  private Tenants() {}

  public static ObjectStore scope(ObjectStore store, TenantId tenant) {
    return new TenantObjectStore(store, new TenantKeys(tenant));
  }

  public static ArtifactIndex scope(ArtifactIndex index, TenantId tenant) {
    return new TenantArtifactIndex(index, new TenantKeys(tenant));
  }

  public static ArtifactCache scope(ArtifactCache cache, TenantId tenant) {
    return new TenantArtifactCache(cache, new TenantKeys(tenant));
  }

  public static BatchLedger scope(BatchLedger ledger, TenantId tenant) {
    return new TenantBatchLedger(ledger, new TenantKeys(tenant));
  }

  /**
   * The tenants with any input object under {@code input/} of the shared (unscoped) store, always
   * including {@link TenantId#DEFAULT} when it has one.
   */
  public static SortedSet<TenantId> withInput(ObjectStore unscoped) {
    SortedSet<TenantId> out = new TreeSet<>();
    for (ObjectInfo o : unscoped.list(dev.recon.core.layout.Layout.INPUT)) {
      out.add(TenantKeys.ownerOfObjectKey(o.key()));
    }
    return out;
  }

  /**
   * Every tenant with an input or a batch in the shared (unscoped) ledger, {@link TenantId#DEFAULT}
   * always among them: reads the whole history (for reports, not for each cycle).
   */
  public static SortedSet<TenantId> inLedger(BatchLedger unscoped) {
    SortedSet<TenantId> out = new TreeSet<>();
    out.add(TenantId.DEFAULT);
    for (BatchKind kind : java.util.List.of(BatchKind.INPUT, BatchKind.STATELESS)) {
      for (LedgerRecord r : unscoped.list(kind)) {
        out.add(TenantKeys.ownerOfItemKey(r.id()));
      }
    }
    return out;
  }

  /**
   * Every tenant that ever registered an input or planned a batch: the owners of the shared
   * ledger's sequence counters (a few records per tenant, whatever its history).
   */
  public static SortedSet<TenantId> known(BatchLedger unscoped) {
    SortedSet<TenantId> out = new TreeSet<>();
    for (LedgerRecord r : unscoped.list(BatchKind.COUNTER)) {
      out.add(TenantKeys.ownerOfItemKey(r.id()));
    }
    return out;
  }

  /**
   * Every tenant that has a configuration or is {@link #known}, {@link TenantId#DEFAULT} always
   * among them: what {@code recon tenants list} lists (a tenant can be configured before its first
   * input).
   */
  public static SortedSet<TenantId> configuredOrKnown(BatchLedger unscoped) {
    SortedSet<TenantId> out = known(unscoped);
    out.add(TenantId.DEFAULT);
    for (LedgerRecord r : unscoped.list(BatchKind.CONFIG)) {
      out.add(TenantKeys.ownerOfItemKey(r.id()));
    }
    return out;
  }

  /** The tenants with an unfinished record of {@code kind} in the shared (unscoped) ledger. */
  public static SortedSet<TenantId> withUnfinished(BatchLedger unscoped, BatchKind kind) {
    SortedSet<TenantId> out = new TreeSet<>();
    for (LedgerRecord r : unscoped.listUnfinished(kind)) {
      out.add(TenantKeys.ownerOfItemKey(r.id()));
    }
    return out;
  }
}
