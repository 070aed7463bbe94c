package dev.recon.cli.serve;

import dev.recon.core.tenant.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bearer tokens of {@code recon serve --tokens FILE} (DESIGN §10: access per tenant). The file
 * holds no token, only each token's SHA-256, one grant per line:
 *
 * <pre>
 * # tenant  sha256 of the token (printf %s "$TOKEN" | sha256sum)
 * acme      sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * *         sha256:…      (an admin: every tenant)
 * </pre>
 *
 * A presented token is hashed and compared with every grant's hash in constant time ({@link
 * MessageDigest#isEqual}), all of them, whichever matches; tokens and hashes are never logged or
 * echoed.
 */
public final class Tokens {
  private static final String SHA256 = "sha256:";

  /** What a token grants: one tenant, or every tenant ({@code tenant} empty: an admin). */
  public record Grant(Optional<TenantId> tenant) {
    public boolean admin() {
      return tenant.isEmpty();
    }

    public boolean allows(TenantId t) {
      return tenant.map(t::equals).orElse(true);
    }
  }

  private record Entry(Grant grant, byte[] hash) {}

  private final List<Entry> entries;

  private Tokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads a tokens file.
   *
   * @throws IllegalArgumentException naming the line (never its hash) of a malformed grant
   */
  public static Tokens load(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      String where = file + " line " + (i + 1);
      if (parts.length != 2) {
        throw new IllegalArgumentException(where + ": expected `<tenant|*> sha256:<64 hex>`");
      }
      Grant grant;
      if (parts[0].equals("*")) {
        grant = new Grant(Optional.empty());
      } else {
        Optional<String> problem = TenantId.problem(parts[0]);
        if (problem.isPresent()) {
          throw new IllegalArgumentException(where + ": " + problem.get());
        }
        grant = new Grant(Optional.of(TenantId.of(parts[0])));
      }
      String hash = parts[1].toLowerCase(Locale.ROOT);
      if (!hash.startsWith(SHA256) || !hash.substring(SHA256.length()).matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            where + ": the token must be given as sha256:<64 hex digits> (its hash, not itself)");
      }
      entries.add(new Entry(grant, HexFormat.of().parseHex(hash.substring(SHA256.length()))));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(file + ": no grants");
    }
    return new Tokens(entries);
  }

  /** One grant of {@code tenant} to {@code token}, held as its hash like a loaded file's. */
  public static Tokens granting(TenantId tenant, String token) {
    return new Tokens(List.of(new Entry(new Grant(Optional.of(tenant)), sha256(token))));
  }

  /** The hash line of a token, as the file holds it (for tests and for `recon` docs). */
  public static String hashOf(String token) {
    return SHA256 + HexFormat.of().formatHex(sha256(token));
  }

  /**
   * The grant of an {@code Authorization: Bearer <token>} header value, or empty when it is
   * missing, malformed or matches no grant.
   */
  public Optional<Grant> check(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    byte[] presented = sha256(authorization.substring(7).strip());
    Grant found = null;
    for (Entry e : entries) {
      // every entry is compared, so the time taken says nothing about which one matched
      if (MessageDigest.isEqual(e.hash, presented) && found == null) {
        found = e.grant;
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
