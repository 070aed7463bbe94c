package dev.recon.core.tenant;

import java.util.Objects;
import java.util.Optional;

/**
 * The one mapping between a tenant's own keys and the shared stores' keys (DESIGN §10), used by the
 * tenant-scoped ports ({@link Tenants}). Every stage reads and writes the layout of DESIGN §5
 * ({@code input/…}, {@code stateless/<S>/…}, {@code state/<N>/…}) through a scoped port and never
 * sees a tenant; the mapping puts the tenant after the first path segment:
 *
 * <pre>
 * object key   seg/rest      ↔  seg/&lt;t&gt;/rest        (input/t/2026/…, state/t/0000000007/…)
 * item key     id            ↔  &lt;t&gt;#id              (index, cache, ledger ids and counters)
 * </pre>
 *
 * <p>The default tenant keeps the unprefixed keys of a deployment from before tenants, so its data
 * needs no migration: an object key belongs to tenant {@code t} exactly when its second segment is
 * a valid tenant id ({@link TenantId}: it starts with a letter, unlike a year or a sequence number)
 * other than {@code default}; every other key is the default tenant's ({@code input/default/…} is
 * accepted as the default tenant's too). An item key belongs to {@code t} when it starts with
 * {@code t#}; the default tenant writes an id that itself looks like {@code x#…} as {@code
 * default#x#…}, so no default id can ever be read as another tenant's.
 */
public final class TenantKeys {
  private static final char ITEM_SEPARATOR = '#';

  private final TenantId tenant;

  public TenantKeys(TenantId tenant) {
    this.tenant = Objects.requireNonNull(tenant, "tenant");
  }

  public TenantId tenant() {
    return tenant;
  }

  /** The store key of the tenant's {@code key}. */
  public String objectKey(String key) {
    if (tenant.isDefault()) {
      return key;
    }
    int slash = key.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("a tenant's object key has a top-level segment: " + key);
    }
    return key.substring(0, slash + 1) + tenant.value() + key.substring(slash);
  }

  /**
   * The store prefix to list for the tenant's {@code prefix}, when the prefix names a top-level
   * segment ({@code seg/…}); empty when it does not ({@code ""}, {@code "sta"}), in which case a
   * listing must filter the whole prefix with {@link #ownKey}.
   */
  public Optional<String> objectPrefix(String prefix) {
    if (tenant.isDefault()) {
      return Optional.of(prefix);
    }
    return prefix.indexOf('/') < 0 ? Optional.empty() : Optional.of(objectKey(prefix));
  }

  /** The tenant's own key for a store key, or empty when the store key is another tenant's. */
  public Optional<String> ownKey(String storeKey) {
    TenantId owner = ownerOfObjectKey(storeKey);
    if (!owner.equals(tenant)) {
      return Optional.empty();
    }
    if (tenant.isDefault()) {
      return Optional.of(storeKey);
    }
    int slash = storeKey.indexOf('/');
    return Optional.of(
        storeKey.substring(0, slash) + storeKey.substring(slash + 1 + tenant.value().length()));
  }

  /** The tenant a store object key belongs to. */
  public static TenantId ownerOfObjectKey(String storeKey) {
    int first = storeKey.indexOf('/');
    if (first < 0) {
      return TenantId.DEFAULT;
    }
    int second = storeKey.indexOf('/', first + 1);
    if (second < 0) {
      return TenantId.DEFAULT;
    }
    String segment = storeKey.substring(first + 1, second);
    return TenantId.isValid(segment) ? TenantId.of(segment) : TenantId.DEFAULT;
  }

  /** The shared item key (index, cache, ledger) of the tenant's {@code id}. */
  public String itemKey(String id) {
    if (tenant.isDefault() && ownerPrefixLength(id) < 0) {
      return id;
    }
    return tenant.value() + ITEM_SEPARATOR + id;
  }

  /** The tenant's own id for a shared item key, or empty when it is another tenant's. */
  public Optional<String> ownId(String itemKey) {
    int length = ownerPrefixLength(itemKey);
    TenantId owner = length < 0 ? TenantId.DEFAULT : TenantId.of(itemKey.substring(0, length));
    if (!owner.equals(tenant)) {
      return Optional.empty();
    }
    return Optional.of(length < 0 ? itemKey : itemKey.substring(length + 1));
  }

  /** The tenant a shared item key belongs to. */
  public static TenantId ownerOfItemKey(String itemKey) {
    int length = ownerPrefixLength(itemKey);
    return length < 0 ? TenantId.DEFAULT : TenantId.of(itemKey.substring(0, length));
  }

  /** The length of a leading {@code <tenant>#}'s tenant, or -1 when the key has none. */
  private static int ownerPrefixLength(String key) {
    int hash = key.indexOf(ITEM_SEPARATOR);
    if (hash < 1 || hash > TenantId.MAX_LENGTH) {
      return -1;
    }
    return TenantId.isValid(key.substring(0, hash)) ? hash : -1;
  }
}
