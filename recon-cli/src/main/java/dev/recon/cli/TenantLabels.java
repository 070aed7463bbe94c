package dev.recon.cli;

import dev.recon.core.cost.BatchCost;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.tenant.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's ledger view for reports: every record read carries its tenant as the {@code tenant}
 * attribute ({@link BatchCost#TENANT}), which the stored record does not need (its key holds the
 * tenant), so a report that mixes tenants ({@code recon cost}, {@code status --json}, {@code
 * /api/batches}) names each record's. Writes pass through unchanged.
 */
public final class TenantLabels implements BatchLedger {
  private final BatchLedger view;
  private final TenantId tenant;

  private TenantLabels(BatchLedger view, TenantId tenant) {
    this.view = view;
    this.tenant = tenant;
  }

  /** {@code view} (a tenant-scoped ledger of {@code tenant}) with its records labelled. */
  public static BatchLedger of(BatchLedger view, TenantId tenant) {
    return new TenantLabels(view, tenant);
  }

  private LedgerRecord label(LedgerRecord r) {
    return r.withAttributes(Map.of(BatchCost.TENANT, tenant.value()));
  }

  @Override
  public LedgerRecord create(LedgerRecord record) {
    return view.create(record);
  }

  @Override
  public Optional<LedgerRecord> get(BatchKind kind, String id) {
    return view.get(kind, id).map(this::label);
  }

  @Override
  public LedgerRecord update(LedgerRecord next) {
    return view.update(next);
  }

  @Override
  public void delete(LedgerRecord expected) {
    view.delete(expected);
  }

  @Override
  public List<LedgerRecord> list(BatchKind kind) {
    return view.list(kind).stream().map(this::label).toList();
  }

  @Override
  public List<LedgerRecord> listUnfinished(BatchKind kind) {
    return view.listUnfinished(kind).stream().map(this::label).toList();
  }

  @Override
  public long nextSequence(String counter) {
    return view.nextSequence(counter);
  }

  @Override
  public void close() {
    view.close();
  }
}
