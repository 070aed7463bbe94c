package dev.recon.aws;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed {@code redis://[user:password@]host[:port][/db]} or {@code rediss://…} (TLS) URI. Parsed
 * here rather than by Jedis so the AUTH token can come from the settings (on AWS it is injected
 * separately from the URI) and so a typo fails with a clear message.
 */
record RedisEndpoint(
    boolean tls, String host, int port, String user, String password, int database) {

  static final int DEFAULT_PORT = 6379;

  static RedisEndpoint parse(String uri) {
    URI u;
    try {
      u = URI.create(uri.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad Redis URI: " + redact(uri), e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    boolean tls;
    switch (scheme) {
      case "redis" -> tls = false;
      case "rediss" -> tls = true;
      default ->
          throw new IllegalArgumentException(
              "Redis URI must start with redis:// or rediss://: " + redact(uri));
    }
    if (u.getHost() == null || u.getHost().isBlank()) {
      throw new IllegalArgumentException("Redis URI has no host: " + redact(uri));
    }
    int port = u.getPort() < 0 ? DEFAULT_PORT : u.getPort();
    String user = null;
    String password = null;
    String info = u.getRawUserInfo();
    if (info != null && !info.isEmpty()) {
      int colon = info.indexOf(':');
      if (colon < 0) {
        password = decode(info); // redis://token@host is the classic password-only form
      } else {
        user = colon == 0 ? null : decode(info.substring(0, colon));
        password = decode(info.substring(colon + 1));
      }
    }
    int database = 0;
    String path = u.getPath();
    if (path != null && path.length() > 1) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad Redis database in URI: " + redact(uri), e);
      }
    }
    return new RedisEndpoint(tls, u.getHost(), port, user, password, database);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The URI without its user-info, fit for messages and logs. */
  static String redact(String uri) {
    return uri == null ? "null" : uri.replaceAll("//[^@/]*@", "//***@");
  }

  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
  }
}
