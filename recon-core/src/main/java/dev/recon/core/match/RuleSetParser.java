package dev.recon.core.match;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.recon.core.model.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a rule set (DESIGN §9) from YAML. Strict: an unknown key, a duplicate key, a value of the
 * wrong kind or out of range is an error, so a typo never silently changes matching. All errors are
 * collected (not just the first), each as {@code file:line: field: message} with the line of the
 * offending key or value (from the YAML parser's locations).
 */
public final class RuleSetParser {
  private static final YAMLFactory YAML = new YAMLFactory();

  private static final Set<String> TOP_KEYS =
      Set.of("version", "externalSources", "settling", "autoConfirmScore", "agingBuckets", "rules");
  private static final Set<String> RULE_KEYS =
      Set.of("name", "reference", "amount", "valueDateWindow", "maxGroup", "maxSplit", "score");
  private static final Set<String> SETTLING_KEYS = Set.of("type", "side");
  private static final Set<String> AMOUNT_KEYS = Set.of("tolerance", "tolerancePct");

  private final String file;
  private final List<String> errors = new ArrayList<>();

  private RuleSetParser(String file) {
    this.file = file;
  }

  /** Parses the rule set in {@code path}; the file name in messages is the path as given. */
  public static RuleSet parse(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(path.toString(), text);
  }

  /**
   * Parses {@code yaml}; {@code file} names it in messages.
   *
   * @throws RuleSetException with every problem found
   */
  public static RuleSet parse(String file, String yaml) {
    RuleSetParser p = new RuleSetParser(file);
    Node root;
    try (JsonParser jp = YAML.createParser(yaml)) {
      JsonToken first = jp.nextToken();
      if (first == null) {
        throw new RuleSetException(List.of(file + ":1: (file): empty rule set"));
      }
      root = p.read(jp, "");
    } catch (JsonProcessingException e) {
      throw new RuleSetException(List.of(syntaxError(file, e)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RuleSet rs = p.ruleSet(root);
    if (!p.errors.isEmpty()) {
      throw new RuleSetException(p.errors);
    }
    return rs;
  }

  // ---- a small tree that keeps each node's line ----

  private sealed interface Node permits MapNode, ListNode, Scalar {
    int line();
  }

  private record Entry(int keyLine, Node value) {}

  private record MapNode(int line, Map<String, Entry> entries) implements Node {}

  private record ListNode(int line, List<Node> items) implements Node {}

  /** {@code text} is null for a YAML null ({@code ~} or nothing). */
  private record Scalar(int line, String text, JsonToken token) implements Node {}

  private static int line(JsonParser jp) {
    return jp.currentTokenLocation().getLineNr();
  }

  /** One line: where the YAML parser found the problem, and what it was. */
  private static String syntaxError(String file, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      String problem = m.getProblem() == null ? "malformed YAML" : m.getProblem();
      return file + ":" + (m.getProblemMark().getLine() + 1) + ": (syntax): " + problem.strip();
    }
    JsonLocation loc = e.getLocation();
    int line = loc == null ? 1 : Math.max(1, loc.getLineNr());
    String msg = e.getOriginalMessage() == null ? "malformed YAML" : e.getOriginalMessage();
    return file + ":" + line + ": (syntax): " + msg.strip().lines().findFirst().orElse("");
  }

  private Node read(JsonParser jp, String path) throws IOException {
    JsonToken t = jp.currentToken();
    int line = line(jp);
    switch (t) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
          String key = jp.currentName();
          int keyLine = line(jp);
          jp.nextToken();
          Node value = read(jp, join(path, key));
          if (entries.containsKey(key)) {
            error(keyLine, join(path, key), "duplicate key");
          } else {
            entries.put(key, new Entry(keyLine, value));
          }
        }
        return new MapNode(line, entries);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (jp.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(jp, path + "[" + items.size() + "]"));
        }
        return new ListNode(line, items);
      }
      case VALUE_NULL -> {
        return new Scalar(line, null, t);
      }
      default -> {
        return new Scalar(line, jp.getText(), t);
      }
    }
  }

  // ---- validation ----

  private void error(int line, String field, String message) {
    errors.add(file + ":" + line + ": " + field + ": " + message);
  }

  /** Reports keys outside {@code allowed}; returns the map's entries. */
  private Map<String, Entry> keys(MapNode m, String path, Set<String> allowed) {
    for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        error(
            e.getValue().keyLine(),
            join(path, e.getKey()),
            "unknown key (expected one of " + String.join(", ", sorted(allowed)) + ")");
      }
    }
    return m.entries();
  }

  private static List<String> sorted(Set<String> s) {
    List<String> l = new ArrayList<>(s);
    l.sort(null);
    return l;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private MapNode asMap(Node n, String field) {
    if (n instanceof MapNode m) {
      return m;
    }
    error(n.line(), field, "expected a mapping (key: value, ...)");
    return null;
  }

  private ListNode asList(Node n, String field) {
    if (n instanceof ListNode l) {
      return l;
    }
    error(n.line(), field, "expected a list");
    return null;
  }

  private Scalar asScalar(Node n, String field) {
    if (n instanceof Scalar s && s.text() != null) {
      return s;
    }
    error(n.line(), field, n instanceof Scalar ? "missing value" : "expected a single value");
    return null;
  }

  /** The entry's node, or null after reporting it missing at {@code parentLine}. */
  private Node required(Map<String, Entry> m, String key, String path, int parentLine) {
    Entry e = m.get(key);
    if (e == null) {
      error(parentLine, join(path, key), "required");
      return null;
    }
    return e.value();
  }

  private String string(Node n, String field) {
    Scalar s = asScalar(n, field);
    if (s == null) {
      return null;
    }
    if (s.text().isEmpty()) {
      error(s.line(), field, "must not be empty");
      return null;
    }
    return s.text();
  }

  private Long integer(Node n, String field, long min, long max) {
    Scalar s = asScalar(n, field);
    if (s == null) {
      return null;
    }
    long v;
    try {
      v = Long.parseLong(s.text());
    } catch (NumberFormatException e) {
      error(s.line(), field, "not an integer: '" + s.text() + "'");
      return null;
    }
    if (v < min || v > max) {
      error(s.line(), field, v + " is out of range [" + min + ", " + max + "]");
      return null;
    }
    return v;
  }

  /** A decimal in [min, max] (max null: unbounded), or with {@code maxExclusive} in [min, max). */
  private BigDecimal decimal(
      Node n, String field, BigDecimal min, BigDecimal max, boolean maxExclusive) {
    Scalar s = asScalar(n, field);
    if (s == null) {
      return null;
    }
    BigDecimal v;
    try {
      v = new BigDecimal(s.text().strip());
    } catch (NumberFormatException e) {
      error(s.line(), field, "not a decimal number: '" + s.text() + "'");
      return null;
    }
    boolean belowMin = v.compareTo(min) < 0;
    boolean aboveMax = max != null && (maxExclusive ? v.compareTo(max) >= 0 : v.compareTo(max) > 0);
    if (belowMin || aboveMax) {
      String range =
          "["
              + min.toPlainString()
              + ", "
              + (max == null ? "∞" : max.toPlainString())
              + (maxExclusive ? ")" : "]");
      error(s.line(), field, v.toPlainString() + " is out of range " + range);
      return null;
    }
    return v;
  }

  private Duration duration(Node n, String field, boolean positive) {
    Scalar s = asScalar(n, field);
    if (s == null) {
      return null;
    }
    Duration d;
    try {
      d = Duration.parse(s.text());
    } catch (DateTimeParseException e) {
      error(
          s.line(),
          field,
          "not an ISO-8601 duration: '" + s.text() + "' (for example P5D, PT12H; no months)");
      return null;
    }
    if (d.isNegative() || (positive && d.isZero())) {
      error(s.line(), field, "must be " + (positive ? "> 0" : ">= 0") + ": " + s.text());
      return null;
    }
    return d;
  }

  private RuleSet ruleSet(Node root) {
    MapNode m = asMap(root, "(file)");
    if (m == null) {
      return null;
    }
    Map<String, Entry> top = keys(m, "", TOP_KEYS);
    int l = m.line();

    Node vn = required(top, "version", "", l);
    Long version = vn == null ? null : integer(vn, "version", 1, Long.MAX_VALUE);

    List<String> sources = new ArrayList<>();
    Node sn = required(top, "externalSources", "", l);
    ListNode sl = sn == null ? null : asList(sn, "externalSources");
    if (sl != null) {
      if (sl.items().isEmpty()) {
        error(sl.line(), "externalSources", "must name at least one source");
      }
      for (int i = 0; i < sl.items().size(); i++) {
        String f = "externalSources[" + i + "]";
        String s = string(sl.items().get(i), f);
        if (s != null) {
          if (sources.contains(s)) {
            error(sl.items().get(i).line(), f, "duplicate source '" + s + "'");
          } else {
            sources.add(s);
          }
        }
      }
    }

    List<SettlingType> settling = new ArrayList<>();
    Node stn = required(top, "settling", "", l);
    ListNode stl = stn == null ? null : asList(stn, "settling");
    if (stl != null) {
      if (stl.items().isEmpty()) {
        error(stl.line(), "settling", "must name at least one type and side");
      }
      for (int i = 0; i < stl.items().size(); i++) {
        String f = "settling[" + i + "]";
        SettlingType st = settlingType(stl.items().get(i), f);
        if (st != null) {
          if (settling.contains(st)) {
            error(stl.items().get(i).line(), f, "duplicate " + st.type() + "/" + st.side());
          } else {
            settling.add(st);
          }
        }
      }
    }

    Node an = required(top, "autoConfirmScore", "", l);
    BigDecimal auto =
        an == null ? null : decimal(an, "autoConfirmScore", BigDecimal.ZERO, BigDecimal.ONE, false);

    List<Duration> buckets = RuleSet.AGING_BUCKETS_DEFAULT;
    Entry be = top.get("agingBuckets");
    if (be != null) {
      buckets = agingBuckets(be.value());
    }

    List<MatchRule> rules = new ArrayList<>();
    Node rn = required(top, "rules", "", l);
    ListNode rl = rn == null ? null : asList(rn, "rules");
    if (rl != null) {
      if (rl.items().isEmpty()) {
        error(rl.line(), "rules", "at least one rule is needed");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < rl.items().size(); i++) {
        MatchRule r = rule(rl.items().get(i), "rules[" + i + "]", names);
        if (r != null) {
          rules.add(r);
        }
      }
    }
    if (!errors.isEmpty()) {
      return null;
    }
    return new RuleSet(version, sources, settling, auto, buckets, rules);
  }

  private SettlingType settlingType(Node n, String f) {
    MapNode m = asMap(n, f);
    if (m == null) {
      return null;
    }
    Map<String, Entry> e = keys(m, f, SETTLING_KEYS);
    Node tn = required(e, "type", f, m.line());
    String type = tn == null ? null : string(tn, f + ".type");
    Node sn = required(e, "side", f, m.line());
    String side = sn == null ? null : string(sn, f + ".side");
    Side s = null;
    if (side != null) {
      try {
        s = Side.valueOf(side);
      } catch (IllegalArgumentException ex) {
        error(sn.line(), f + ".side", "'" + side + "' is not DEBIT or CREDIT");
      }
    }
    return type == null || s == null ? null : new SettlingType(type, s);
  }

  private List<Duration> agingBuckets(Node n) {
    ListNode l = asList(n, "agingBuckets");
    if (l == null) {
      return null;
    }
    if (l.items().isEmpty()) {
      error(l.line(), "agingBuckets", "must have at least one bound (or be left out)");
    }
    List<Duration> out = new ArrayList<>();
    Duration previous = null;
    for (int i = 0; i < l.items().size(); i++) {
      String f = "agingBuckets[" + i + "]";
      Duration d = duration(l.items().get(i), f, true);
      if (d == null) {
        continue;
      }
      if (previous != null && d.compareTo(previous) <= 0) {
        error(l.items().get(i).line(), f, "bounds must increase: " + d + " after " + previous);
      }
      previous = d;
      out.add(d);
    }
    return out;
  }

  private MatchRule rule(Node n, String f, Set<String> names) {
    MapNode m = asMap(n, f);
    if (m == null) {
      return null;
    }
    int before = errors.size();
    Map<String, Entry> e = keys(m, f, RULE_KEYS);

    Node nn = required(e, "name", f, m.line());
    String name = nn == null ? null : string(nn, f + ".name");
    if (name != null && !names.add(name)) {
      error(nn.line(), f + ".name", "duplicate rule name '" + name + "'");
    }

    ReferenceMode ref = ReferenceMode.NONE;
    Entry refE = e.get("reference");
    if (refE != null) {
      String r = string(refE.value(), f + ".reference");
      if (r != null) {
        if (r.equals(ReferenceMode.CONTAINS_ARTIFACT_ID.name())
            || r.equals(ReferenceMode.EQUALS_LINE_REFERENCE.name())) {
          ref = ReferenceMode.valueOf(r);
        } else {
          error(
              refE.value().line(),
              f + ".reference",
              "'" + r + "' is not CONTAINS_ARTIFACT_ID or EQUALS_LINE_REFERENCE (or leave it out)");
        }
      }
    }

    AmountTolerance amount = null;
    Node amn = required(e, "amount", f, m.line());
    MapNode am = amn == null ? null : asMap(amn, f + ".amount");
    if (am != null) {
      Map<String, Entry> ae = keys(am, f + ".amount", AMOUNT_KEYS);
      Entry abs = ae.get("tolerance");
      Entry pct = ae.get("tolerancePct");
      if (abs != null && pct != null) {
        error(am.line(), f + ".amount", "give tolerance or tolerancePct, not both");
      } else if (abs == null && pct == null) {
        if (ae.isEmpty()) {
          error(am.line(), f + ".amount", "needs tolerance or tolerancePct");
        }
      } else if (abs != null) {
        BigDecimal v = decimal(abs.value(), f + ".amount.tolerance", BigDecimal.ZERO, null, false);
        amount = v == null ? null : new AmountTolerance(v, false);
      } else {
        BigDecimal v =
            decimal(
                pct.value(),
                f + ".amount.tolerancePct",
                BigDecimal.ZERO,
                AmountTolerance.HUNDRED,
                true);
        amount = v == null ? null : new AmountTolerance(v, true);
      }
    }

    Node wn = required(e, "valueDateWindow", f, m.line());
    Duration window = wn == null ? null : duration(wn, f + ".valueDateWindow", false);

    int maxGroup = 0;
    Entry ge = e.get("maxGroup");
    if (ge != null) {
      Long g = integer(ge.value(), f + ".maxGroup", 2, MatchRule.MAX_GROUP_LIMIT);
      maxGroup = g == null ? 0 : g.intValue();
    }
    int maxSplit = 0;
    Entry se = e.get("maxSplit");
    if (se != null) {
      Long s = integer(se.value(), f + ".maxSplit", 2, MatchRule.MAX_GROUP_LIMIT);
      maxSplit = s == null ? 0 : s.intValue();
    }
    if (ge != null && se != null) {
      error(se.keyLine(), f + ".maxSplit", "a rule has maxGroup or maxSplit, not both");
    }
    if ((ge != null || se != null) && refE == null) {
      error(
          (ge != null ? ge : se).keyLine(),
          f + (ge != null ? ".maxGroup" : ".maxSplit"),
          "a group or split rule needs a reference (CONTAINS_ARTIFACT_ID or"
              + " EQUALS_LINE_REFERENCE): without one the subset search would range over every"
              + " open line of the currency");
    }

    Node scn = required(e, "score", f, m.line());
    BigDecimal score =
        scn == null ? null : decimal(scn, f + ".score", BigDecimal.ZERO, BigDecimal.ONE, false);

    if (errors.size() > before) {
      return null;
    }
    return new MatchRule(name, ref, amount, window, maxGroup, maxSplit, score);
  }
}
