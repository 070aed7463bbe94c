package dev.recon.backlog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.BatchKind;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes a handler's input into a {@link BacklogRequest}, validating everything (this is a trust
 * boundary). Accepted shapes:
 *
 * <ul>
 *   <li>an S3 event notification ({@code
 *       {"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",
 *       "s3":{"bucket":{"name":…},"object":{"key":…}}}]}}; keys are URL-encoded) → register;
 *   <li>an EventBridge "Object Created" event ({@code {"source":"aws.s3","detail-type":"Object
 *       Created", "detail":{"bucket":{"name":…},"object":{"key":…}}}}) → register;
 *   <li>an EventBridge scheduled event ({@code {"source":"aws.events","detail-type":"Scheduled
 *       Event"}}) → sweep;
 *   <li>a command {@code {"action":…}}: {@code register} ({@code keys}), {@code sweep}, {@code
 *       repair}, {@code planStateless} ({@code maxObjects}, {@code maxBytes}, {@code maxEvents}),
 *       {@code planStateful} ({@code maxStatelessBatches}, {@code maxEvents}), {@code start}/{@code
 *       complete}/{@code fail}/{@code cancel} ({@code kind}, {@code batch}; {@code counts}, {@code
 *       error}, {@code reason}), {@code get} ({@code kind} and {@code batch}, or {@code
 *       kind":"INPUT"} and {@code id}), {@code completeness} ({@code from}, {@code to}; or {@code
 *       through} with {@code allowedLateness}, {@code source} optional).
 * </ul>
 *
 * Keys from notifications are full bucket keys: only those in our bucket under our prefix are taken
 * (made relative), the others are reported as ignored.
 */
public final class BacklogRequests {
  private BacklogRequests() {}

  public static BacklogRequest decode(JsonNode root, String bucket, String prefix) {
    if (root == null || !root.isObject()) {
      throw new BadRequestException("request must be a JSON object");
    }
    if (root.has("Records")) {
      return notification(root.get("Records"), bucket, prefix);
    }
    String source = root.path("source").asText("");
    String detailType = root.path("detail-type").asText("");
    if ("aws.s3".equals(source)) {
      if (!"Object Created".equals(detailType)) {
        return new BacklogRequest.Register(
            List.of(), List.of(new InputRegistry.Rejected("", "ignored S3 event " + detailType)));
      }
      JsonNode detail = root.path("detail");
      List<String> keys = new ArrayList<>();
      List<InputRegistry.Rejected> ignored = new ArrayList<>();
      take(
          detail.path("bucket").path("name").asText(null),
          detail.path("object").path("key").asText(null),
          bucket,
          prefix,
          keys,
          ignored);
      return new BacklogRequest.Register(keys, ignored);
    }
    if ("aws.events".equals(source) && "Scheduled Event".equals(detailType)) {
      return new BacklogRequest.Sweep();
    }
    String action = text(root, "action");
    return switch (action) {
      case "register" -> {
        List<String> keys = new ArrayList<>();
        for (JsonNode k : array(root, "keys")) {
          if (!k.isTextual()) {
            throw new BadRequestException("keys must be strings");
          }
          keys.add(k.asText());
        }
        yield new BacklogRequest.Register(keys, List.of());
      }
      case "sweep" -> new BacklogRequest.Sweep();
      case "repair" -> new BacklogRequest.Repair();
      case "planStateless" ->
          new BacklogRequest.PlanStateless(
              new PlanLimits(
                  (int) longOr(root, "maxObjects", PlanLimits.MAX_OBJECTS_DEFAULT),
                  longOr(root, "maxBytes", PlanLimits.MAX_BYTES_DEFAULT),
                  longOr(root, "maxEvents", PlanLimits.MAX_EVENTS_DEFAULT)),
              root.hasNonNull("maxBytes"),
              root.hasNonNull("maxEvents"));
      case "planStateful" -> new BacklogRequest.PlanStateful(statefulLimits(root));
      case "start" -> new BacklogRequest.Start(batchKind(root), batch(root));
      case "complete" -> new BacklogRequest.Complete(batchKind(root), batch(root), counts(root));
      case "fail" ->
          new BacklogRequest.Fail(
              batchKind(root),
              batch(root),
              error(root),
              optionalText(root, "stage"),
              optionalText(root, "owner"));
      case "acquireBatch" ->
          new BacklogRequest.AcquireBatch(
              text(root, "owner"),
              root.path("request").path("retryFailed").asBoolean(false)
                  || root.path("retryFailed").asBoolean(false),
              statefulLimits(root));
      case "acquireStage" ->
          new BacklogRequest.AcquireStage(text(root, "stage"), batch(root), text(root, "owner"));
      case "releaseStage" ->
          new BacklogRequest.ReleaseStage(
              text(root, "stage"), batch(root), text(root, "owner"), stageStatus(root));
      case "releaseBatch" -> new BacklogRequest.ReleaseBatch(batch(root), text(root, "owner"));
      case "cancel" ->
          new BacklogRequest.Cancel(batchKind(root), batch(root), root.path("reason").asText(null));
      case "get" -> {
        BatchKind kind = kind(root);
        if (kind == BatchKind.INPUT) {
          yield new BacklogRequest.Get(kind, text(root, "id"));
        }
        if (kind != BatchKind.STATELESS && kind != BatchKind.STATEFUL) {
          throw new BadRequestException("get answers INPUT, STATELESS or STATEFUL, not " + kind);
        }
        yield new BacklogRequest.Get(kind, Layout.seq(batch(root)));
      }
      case "completeness" -> completeness(root);
      default -> throw new BadRequestException("unknown action: " + clip(action));
    };
  }

  private static BacklogRequest completeness(JsonNode root) {
    if (!root.has("through")) {
      return new BacklogRequest.CheckCompleteness(instant(root, "from"), instant(root, "to"));
    }
    if (root.has("from") || root.has("to")) {
      throw new BadRequestException("completeness takes either through or from and to, not both");
    }
    java.time.Duration lateness = null;
    if (root.hasNonNull("allowedLateness")) {
      String text = text(root, "allowedLateness");
      try {
        lateness =
            dev.recon.core.watermark.Watermarks.requireAllowedLateness(
                java.time.Duration.parse(text));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new BadRequestException(
            "allowedLateness must be an ISO-8601 duration from PT0S to "
                + dev.recon.core.watermark.Watermarks.ALLOWED_LATENESS_MAX
                + ": "
                + clip(text));
      }
    }
    String source = root.hasNonNull("source") ? root.get("source").asText() : null;
    return new BacklogRequest.CheckThrough(instant(root, "through"), lateness, source);
  }

  private static BacklogRequest notification(JsonNode records, String bucket, String prefix) {
    if (!records.isArray()) {
      throw new BadRequestException("Records must be an array");
    }
    List<String> keys = new ArrayList<>();
    List<InputRegistry.Rejected> ignored = new ArrayList<>();
    for (JsonNode r : records) {
      String eventName = r.path("eventName").asText("");
      if (!"aws:s3".equals(r.path("eventSource").asText(""))
          || !eventName.startsWith("ObjectCreated:")) {
        ignored.add(
            new InputRegistry.Rejected(
                r.path("s3").path("object").path("key").asText(""),
                "ignored event " + clip(eventName)));
        continue;
      }
      String encoded = r.path("s3").path("object").path("key").asText(null);
      // S3 notifications URL-encode keys, with '+' for a space.
      String key = encoded == null ? null : URLDecoder.decode(encoded, StandardCharsets.UTF_8);
      take(
          r.path("s3").path("bucket").path("name").asText(null),
          key,
          bucket,
          prefix,
          keys,
          ignored);
    }
    return new BacklogRequest.Register(keys, ignored);
  }

  private static void take(
      String eventBucket,
      String fullKey,
      String bucket,
      String prefix,
      List<String> keys,
      List<InputRegistry.Rejected> ignored) {
    if (fullKey == null || fullKey.isEmpty()) {
      ignored.add(new InputRegistry.Rejected("", "event without an object key"));
      return;
    }
    if (!bucket.equals(eventBucket)) {
      ignored.add(
          new InputRegistry.Rejected(fullKey, "object of another bucket (" + eventBucket + ")"));
      return;
    }
    String p = normalized(prefix);
    if (!p.isEmpty() && !fullKey.startsWith(p + "/")) {
      ignored.add(new InputRegistry.Rejected(fullKey, "outside prefix " + p + "/"));
      return;
    }
    keys.add(p.isEmpty() ? fullKey : fullKey.substring(p.length() + 1));
  }

  /** The store's prefix without surrounding slashes, as S3ObjectStore joins it. */
  static String normalized(String prefix) {
    String p = prefix == null ? "" : prefix.strip();
    while (p.startsWith("/")) p = p.substring(1);
    while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p;
  }

  private static String text(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new BadRequestException("missing or empty string field " + field);
    }
    return v.asText();
  }

  private static String optionalText(JsonNode root, String field) {
    JsonNode v = root.get(field);
    return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
  }

  private static dev.recon.core.model.BatchStatus stageStatus(JsonNode root) {
    String s = root.path("status").asText(dev.recon.core.model.BatchStatus.SUCCESS.name());
    dev.recon.core.model.BatchStatus status = dev.recon.core.model.BatchStatus.parse(s);
    if (status != dev.recon.core.model.BatchStatus.SUCCESS
        && status != dev.recon.core.model.BatchStatus.FAILURE) {
      throw new BadRequestException(
          "a stage is released with status SUCCESS or FAILURE, not " + clip(s));
    }
    return status;
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || !v.isArray()) {
      throw new BadRequestException("field " + field + " must be an array");
    }
    return v;
  }

  private static StatefulLimits statefulLimits(JsonNode root) {
    return new StatefulLimits(
        (int) longOr(root, "maxStatelessBatches", StatefulLimits.MAX_STATELESS_BATCHES_DEFAULT),
        longOr(root, "maxEvents", StatefulLimits.MAX_EVENTS_DEFAULT));
  }

  private static long longOr(JsonNode root, String field, long fallback) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new BadRequestException(field + " must be an integer");
    }
    long n = v.asLong();
    if (n < 1
        || n
            > (field.equals("maxObjects") || field.equals("maxStatelessBatches")
                ? Integer.MAX_VALUE
                : Long.MAX_VALUE)) {
      throw new BadRequestException(field + " must be a positive integer");
    }
    return n;
  }

  private static BatchKind kind(JsonNode root) {
    String k = text(root, "kind");
    try {
      return BatchKind.valueOf(k);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("kind must be INPUT, STATELESS or STATEFUL: " + clip(k));
    }
  }

  private static BatchKind batchKind(JsonNode root) {
    BatchKind k = kind(root);
    if (k != BatchKind.STATELESS && k != BatchKind.STATEFUL) {
      throw new BadRequestException("kind must be STATELESS or STATEFUL for this action, not " + k);
    }
    return k;
  }

  private static long batch(JsonNode root) {
    JsonNode v = root.get("batch");
    if (v != null && v.isTextual() && v.asText().matches("[0-9]{1,18}")) {
      v = com.fasterxml.jackson.databind.node.LongNode.valueOf(Long.parseLong(v.asText()));
    }
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 1) {
      throw new BadRequestException("batch must be a positive integer");
    }
    return v.asLong();
  }

  private static Map<String, Long> counts(JsonNode root) {
    Map<String, Long> out = new TreeMap<>();
    JsonNode c = root.get("counts");
    if (c == null || c.isNull()) {
      return out;
    }
    if (!c.isObject()) {
      throw new BadRequestException("counts must be an object of integers");
    }
    Iterator<Map.Entry<String, JsonNode>> it = c.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isIntegralNumber() || e.getKey().isBlank() || e.getKey().length() > 64) {
        throw new BadRequestException("counts must be an object of integers");
      }
      out.put(e.getKey(), e.getValue().asLong());
    }
    return out;
  }

  /** Step Functions' Catch hands {@code {"Error":…,"Cause":…}}; plain {@code error} works too. */
  private static String error(JsonNode root) {
    if (root.hasNonNull("error") && root.get("error").isTextual()) {
      return root.get("error").asText();
    }
    JsonNode e = root.path("errorInfo");
    String error = e.path("Error").asText(root.path("Error").asText(""));
    String cause = e.path("Cause").asText(root.path("Cause").asText(""));
    String text = (error + (cause.isEmpty() ? "" : ": " + cause)).trim();
    return text.isEmpty() ? null : text;
  }

  private static Instant instant(JsonNode root, String field) {
    String t = text(root, field);
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          field + " must be an ISO-8601 instant with an offset: " + clip(t));
    }
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
