package dev.recon.backlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.core.model.BatchKind;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.tenant.TenantId;
import dev.recon.core.tenant.TenantKeys;
import dev.recon.core.tenant.Tenants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the backlog manager does across tenants (DESIGN §10): which tenants a cycle runs, routing
 * landed inputs to their tenant, sweeping every tenant, and the outcome of a cycle. Everything else
 * it does for one tenant, on that tenant's views of the ledger and the store.
 */
final class TenantCycle {
  private TenantCycle() {}

  /** The request's {@code tenant}, if it names one. */
  static Optional<TenantId> tenantOf(JsonNode root) {
    JsonNode t = root.get("tenant");
    if (t == null || t.isNull()) {
      return Optional.empty();
    }
    return Optional.of(parse(t));
  }

  private static TenantId parse(JsonNode t) {
    if (!t.isTextual()) {
      throw new BadRequestException("tenant must be a string");
    }
    Optional<String> problem = TenantId.problem(t.asText());
    if (problem.isPresent()) {
      throw new BadRequestException(problem.get());
    }
    return TenantId.of(t.asText());
  }

  /**
   * {@code {"action":"tenants","request":{…}}} → {@code {"tenants":[…]}}: the tenants this cycle
   * runs, in id order. The request's {@code tenant} (one) or {@code tenants} (several) when given,
   * else every tenant with unfinished work in the ledger (a pending input, an unfinished stateless
   * or stateful batch: read from the ledger's index of unfinished records, so the cost follows the
   * work, not the history); minus {@code exclude}.
   */
  static ObjectNode tenants(JsonNode root, BatchLedger sharedLedger) {
    JsonNode request = root.path("request");
    SortedSet<TenantId> out = new TreeSet<>();
    if (request.hasNonNull("tenant")) {
      out.add(parse(request.get("tenant")));
    } else if (request.hasNonNull("tenants")) {
      for (JsonNode t : array(request, "tenants")) {
        out.add(parse(t));
      }
    } else {
      for (BatchKind kind : List.of(BatchKind.INPUT, BatchKind.STATELESS, BatchKind.STATEFUL)) {
        out.addAll(Tenants.withUnfinished(sharedLedger, kind));
      }
    }
    if (request.hasNonNull("exclude")) {
      for (JsonNode t : array(request, "exclude")) {
        out.remove(parse(t));
      }
    }
    ObjectNode result = BacklogJson.mapper().createObjectNode();
    ArrayNode list = result.putArray("tenants");
    out.forEach(t -> list.add(t.value()));
    return result;
  }

  /**
   * {@code {"action":"cycleOutcome","results":[{"tenant":…,"failed":…,"error":…}]}}: throws {@link
   * TenantRunFailedException} naming every tenant whose run failed, so the cycle's execution fails
   * (and its alarm fires) after every other tenant has had its turn; else a summary.
   */
  static ObjectNode outcome(JsonNode root) {
    List<String> failed = new ArrayList<>();
    int ran = 0;
    for (JsonNode r : array(root, "results")) {
      ran++;
      if (r.path("failed").asBoolean(false)) {
        JsonNode error = r.path("error");
        failed.add(
            r.path("tenant").asText("?")
                + " ("
                + error.path("Error").asText("error")
                + ": "
                + clip(error.path("Cause").asText(""))
                + ")");
      }
    }
    if (!failed.isEmpty()) {
      throw new TenantRunFailedException(
          failed.size() + " of " + ran + " tenants failed: " + String.join("; ", failed));
    }
    ObjectNode result = BacklogJson.mapper().createObjectNode();
    result.put("tenants", ran);
    result.putArray("failed");
    return result;
  }

  /** Registers landed inputs (store keys) with the tenant each key names. */
  static InputRegistry.Registration register(
      BacklogRequest.Register request, Function<TenantId, BacklogService> services) {
    Map<TenantId, List<String>> byTenant = new LinkedHashMap<>();
    for (String key : request.keys()) {
      byTenant.computeIfAbsent(TenantKeys.ownerOfObjectKey(key), t -> new ArrayList<>()).add(key);
    }
    List<InputRegistry.Registration> done = new ArrayList<>();
    for (Map.Entry<TenantId, List<String>> e : byTenant.entrySet()) {
      TenantKeys keys = new TenantKeys(e.getKey());
      List<String> own = new ArrayList<>();
      for (String k : e.getValue()) {
        own.add(keys.ownKey(k).orElseThrow());
      }
      Object r = services.apply(e.getKey()).handle(new BacklogRequest.Register(own, List.of()));
      done.add(storeKeys((InputRegistry.Registration) r, keys));
    }
    InputRegistry.Registration merged = merge(done);
    List<InputRegistry.Rejected> rejected = new ArrayList<>(request.ignored());
    rejected.addAll(merged.rejected());
    return new InputRegistry.Registration(
        merged.registered(), merged.alreadyRegistered(), rejected);
  }

  /** Sweeps every tenant with an input object. */
  static InputRegistry.Registration sweepAll(
      SortedSet<TenantId> tenants, Function<TenantId, BacklogService> services) {
    List<InputRegistry.Registration> done = new ArrayList<>();
    for (TenantId t : tenants) {
      Object r = services.apply(t).handle(new BacklogRequest.Sweep());
      done.add(storeKeys((InputRegistry.Registration) r, new TenantKeys(t)));
    }
    return merge(done);
  }

  /** A tenant's registration with its keys as the store's keys, so a report names real objects. */
  private static InputRegistry.Registration storeKeys(
      InputRegistry.Registration r, TenantKeys keys) {
    List<InputRegistry.Rejected> rejected = new ArrayList<>();
    for (InputRegistry.Rejected x : r.rejected()) {
      rejected.add(new InputRegistry.Rejected(storeKey(keys, x.key()), x.reason()));
    }
    return new InputRegistry.Registration(
        r.registered().stream().map(k -> storeKey(keys, k)).toList(),
        r.alreadyRegistered().stream().map(k -> storeKey(keys, k)).toList(),
        rejected);
  }

  private static String storeKey(TenantKeys keys, String own) {
    return own.indexOf('/') < 0 ? own : keys.objectKey(own);
  }

  private static InputRegistry.Registration merge(List<InputRegistry.Registration> all) {
    List<String> registered = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<InputRegistry.Rejected> rejected = new ArrayList<>();
    for (InputRegistry.Registration r : all) {
      registered.addAll(r.registered());
      already.addAll(r.alreadyRegistered());
      rejected.addAll(r.rejected());
    }
    return new InputRegistry.Registration(registered, already, rejected);
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    JsonNode a = root.get(field);
    if (a == null || !a.isArray()) {
      throw new BadRequestException(field + " must be an array");
    }
    return a;
  }

  private static String clip(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
