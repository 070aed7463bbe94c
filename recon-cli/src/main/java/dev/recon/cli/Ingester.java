package dev.recon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.aws.AwsClientFactory;
import dev.recon.core.config.RulesConfig;
import dev.recon.core.io.BoundedLineReader;
import dev.recon.core.io.RawLine;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.rules.LineVerdict;
import dev.recon.runtime.LocalLambda;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Lands one JSON Lines file (gzip allowed) as one input batch: checks every line first and reports
 * the bad ones with their line numbers (they are still landed: the reducer quarantines them with
 * reasons, so nothing is lost) — by the reducer's own reader and validator, so a byte-order mark is
 * skipped, invalid UTF-8 is reported as MALFORMED_UTF8 and an event too far after the window end as
 * BAD_TIMESTAMP, exactly as the reducer will decide — uploads it under {@code input/yyyy/MM/dd/HH/}
 * with its window in the object metadata, and registers it with the backlog manager.
 *
 * <p>The batch id is the file name plus a hash of its content, so landing the same file twice in
 * one hour is one input batch; landed again later, its events count as duplicates, never twice.
 */
final class Ingester {
  /** Larger files go up as a multipart upload (their window then comes from the key's hour). */
  static final long MULTIPART_THRESHOLD = 256L << 20;

  static final long MAX_DECOMPRESSED_BYTES = 64L << 30;

  private final AwsClientFactory clients;
  private final LocalLambda backlog;
  private final RulesConfig rules;

  record Result(
      Path file,
      String key,
      long lines,
      List<QuarantineRecord> problems,
      boolean unreadable,
      String error) {}

  Ingester(AwsClientFactory clients) {
    this.clients = clients;
    this.backlog = LocalLambda.backlog(clients);
    this.rules = clients.settings().rules();
  }

  Result ingest(Path file, Instant windowStart, Instant windowEnd) throws IOException {
    String name = file.getFileName().toString();
    boolean gz = name.endsWith(".gz");
    EventValidator validator = new EventValidator(rules);
    // event times are bounded by the window end the reducer will see: the metadata's, or for a
    // multipart upload (no metadata) the end of the key's hour
    Instant boundEnd =
        Files.size(file) > MULTIPART_THRESHOLD
            ? windowStart.truncatedTo(java.time.temporal.ChronoUnit.HOURS).plusSeconds(3600)
            : windowEnd;
    List<QuarantineRecord> problems = new ArrayList<>();
    long lines = 0;
    try (InputStream raw = Files.newInputStream(file);
        BoundedLineReader reader =
            BoundedLineReader.open(name, raw, rules.maxLineBytes(), MAX_DECOMPRESSED_BYTES)) {
      RawLine line;
      while ((line = reader.next()) != null) {
        lines++;
        LineVerdict v = validator.validate(name, line, boundEnd);
        if (!v.accepted()) {
          problems.add(v.quarantine());
        }
      }
    } catch (IOException e) {
      return new Result(file, null, lines, problems, true, e.getMessage());
    }
    String batchId = batchId(name, file);
    String key = Layout.inputKey(windowStart, batchId, gz);
    Map<String, String> metadata = window(windowStart, windowEnd);
    if (Files.size(file) > MULTIPART_THRESHOLD) {
      clients.objectStore().putMultipart(key, file, 64L << 20);
    } else {
      clients.objectStore().put(key, Files.readAllBytes(file), metadata);
    }
    return new Result(file, key, lines, problems, false, register(key));
  }

  /**
   * Lands one object the command made itself (a manual matching instruction) under {@code key} and
   * registers it; returns the backlog manager's refusal, or null.
   */
  String land(String key, byte[] body, Instant windowStart, Instant windowEnd) {
    clients.objectStore().put(key, body, window(windowStart, windowEnd));
    return register(key);
  }

  /** An input object's window as its metadata: what the reducer and the registry read. */
  static Map<String, String> window(Instant windowStart, Instant windowEnd) {
    return Map.of(
        Layout.META_WINDOW_START,
        windowStart.toString(),
        Layout.META_WINDOW_END,
        windowEnd.toString());
  }

  /** Registers a landed input object with the backlog manager; its refusal, or null. */
  private String register(String key) {
    ObjectMapper json = new ObjectMapper();
    var request = json.createObjectNode().put("action", "register");
    // The backlog manager registers store keys (it finds the tenant in them): the tenant view's
    // key is not one for any tenant but the default.
    request
        .putArray("keys")
        .add(new dev.recon.core.tenant.TenantKeys(clients.settings().tenant()).objectKey(key));
    var answer = backlog.call(request);
    var rejected = answer.path("rejected");
    return rejected.isArray() && rejected.size() > 0
        ? rejected.get(0).path("reason").asText()
        : null;
  }

  static String batchId(String fileName, Path file) throws IOException {
    String base = fileName.replaceFirst("\\.gz$", "").replaceFirst("\\.jsonl?$", "");
    String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 60) {
      safe = safe.substring(0, 60);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          sha.update(buf, 0, n);
        }
      }
      return (safe.isEmpty() ? "batch" : safe)
          + "-"
          + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
