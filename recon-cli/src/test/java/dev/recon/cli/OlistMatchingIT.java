package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.tools.olist.OlistConverter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's acceptance end to end on the Olist sample and the real command line: a bank statement
 * derived from the sample's payments — lines exact with the order id in the reference, net of a 2 %
 * fee, one payout for two orders, a payment split over two lines, lines without a reference, lines
 * with no counterpart, and payments never on the statement — landed over three cycles, half of the
 * statement before its payments and half after, and checked against what the test itself knows it
 * generated: no wrong MATCHED, every uniquely matchable line matched, each payment settled at most
 * once, balances untouched, and the breaks and their aging buckets as computed here.
 */
class OlistMatchingIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Orders per kind of statement line: 8 kinds, 2 halves. */
  private static final int ORDERS = 384;

  @TempDir Path tmp;

  @RegisterExtension final KeptStacks kept = new KeptStacks();

  /** What one order contributes and what its statement lines should become. */
  private enum Kind {
    EXACT,
    NET_OF_FEE,
    PAYOUT_FIRST,
    PAYOUT_SECOND,
    SPLIT,
    NO_REFERENCE,
    NEVER_SETTLED,
    NO_COUNTERPART
  }

  private record Payment(String eventId, String orderId, BigDecimal amount, Instant time) {}

  /** A generated statement line and what an accountant would expect of it. */
  private record Line(
      String eventId,
      BigDecimal amount,
      Instant time,
      String reference,
      Kind kind,
      Set<String> settles) {
    String json() {
      return "{\"eventId\":\""
          + eventId
          + "\",\"eventTime\":\""
          + time
          + "\",\"type\":\"DEPOSIT\",\"side\":\"DEBIT\",\"amount\":\""
          + amount.toPlainString()
          + "\",\"currency\":\"BRL\",\"source\":\"bank\",\"reference\":\""
          + reference
          + "\"}";
    }
  }

  private static ReconRuns.Run recon(String... args) {
    return ReconRuns.recon(args);
  }

  private void ingest(String home, String name, List<String> lines, List<Instant> times)
      throws IOException {
    Path f = Files.writeString(tmp.resolve(name + ".jsonl"), String.join("\n", lines) + "\n");
    Instant start = times.stream().min(Comparator.naturalOrder()).orElseThrow();
    Instant end = times.stream().max(Comparator.naturalOrder()).orElseThrow().plusMillis(1);
    ReconRuns.Run r =
        recon(
            "ingest",
            "--home",
            home,
            "--window-start=" + start,
            "--window-end=" + end,
            f.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  private static List<JsonNode> jsonLines(String out) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String l : out.lines().filter(x -> !x.isBlank()).toList()) {
      nodes.add(JSON.readTree(l));
    }
    return nodes;
  }

  private static Map<String, JsonNode> matches(String home) throws IOException {
    ReconRuns.Run r = recon("matches", "--home", home);
    assertThat(r.exit()).as(r.err()).isZero();
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode n : jsonLines(r.out())) {
      out.put(n.path("eventId").asText(), n);
    }
    return out;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Days 0-7, 8-30, 31-60, 61-90, >90 (DESIGN §9's default buckets), computed here. */
  private static String bucket(Instant t, Instant asOf) {
    long days = Math.max(0, Duration.between(t, asOf).toDays());
    return days <= 7
        ? "0-7"
        : days <= 30 ? "8-30" : days <= 60 ? "31-60" : days <= 90 ? "61-90" : ">90";
  }

  @Test
  void aStatementDerivedFromOlistPayments_shouldMatchAsAnAccountantExpects() throws IOException {
    var dir = OlistConverter.locate(Path.of("").toAbsolutePath());
    Assumptions.assumeTrue(
        dir.isPresent(),
        "Olist dataset not found (looked for ../shared/datasets/olist from "
            + Path.of("").toAbsolutePath()
            + " and its parents): skipping OlistMatchingIT");
    OlistConverter.Conversion c = OlistConverter.convert(dir.get(), OlistConverter.ZONE_DEFAULT);

    // GIVEN the orders with exactly one timed payment of at least 0.02 (so each can be settled
    // unambiguously by reference), the first ORDERS of them by order id
    Map<String, List<OlistConverter.InputLine>> byOrder = new TreeMap<>();
    Map<String, List<Payment>> payments = new HashMap<>();
    Set<BigDecimal> allAmounts = new TreeSet<>();
    for (OlistConverter.InputLine l : c.lines()) {
      byOrder.computeIfAbsent(l.orderId(), k -> new ArrayList<>()).add(l);
      JsonNode e = JSON.readTree(l.json());
      if ("PAYMENT".equals(e.path("type").asText())) {
        BigDecimal amount = new BigDecimal(e.path("amount").asText());
        allAmounts.add(amount.stripTrailingZeros());
        payments
            .computeIfAbsent(l.orderId(), k -> new ArrayList<>())
            .add(new Payment(l.eventId(), l.orderId(), amount, l.eventTime()));
      }
    }
    List<String> orders =
        byOrder.keySet().stream()
            .filter(o -> payments.getOrDefault(o, List.of()).size() == 1)
            .filter(o -> payments.get(o).get(0).time() != null)
            .filter(o -> payments.get(o).get(0).amount().compareTo(new BigDecimal("0.02")) >= 0)
            .filter(o -> byOrder.get(o).stream().allMatch(l -> l.eventTime() != null))
            .limit(ORDERS)
            .toList();
    assertThat(orders).hasSize(ORDERS);

    // AND the payout orders of each half paired by payment time: two whose payments are less than
    // 4 days apart are paid out in one line (within every rule's window of the later payment)
    Map<String, String> partner = new HashMap<>();
    Set<String> leads = new TreeSet<>();
    for (int h = 0; h < 2; h++) {
      List<Payment> payout = new ArrayList<>();
      for (int i = h * ORDERS / 2; i < (h + 1) * ORDERS / 2; i++) {
        Kind k = Kind.values()[i % 8];
        if (k == Kind.PAYOUT_FIRST || k == Kind.PAYOUT_SECOND) {
          payout.add(payments.get(orders.get(i)).get(0));
        }
      }
      payout.sort(Comparator.comparing(Payment::time).thenComparing(Payment::eventId));
      for (int j = 0; j + 1 < payout.size(); j++) {
        Payment a = payout.get(j);
        Payment b = payout.get(j + 1);
        if (Duration.between(a.time(), b.time()).toDays() < 4) {
          partner.put(a.orderId(), b.orderId());
          partner.put(b.orderId(), a.orderId());
          leads.add(a.orderId());
          j++;
        }
      }
    }

    // AND the statement an accountant would receive for them, one kind per order in turn
    List<List<Line>> statement = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < ORDERS; i++) {
      String o = orders.get(i);
      Payment p = payments.get(o).get(0);
      Kind k = Kind.values()[i % 8];
      List<Line> half = statement.get(i < ORDERS / 2 ? 0 : 1);
      Instant t = p.time().plus(Duration.ofDays(1));
      String id = "stmt-" + i;
      switch (k) {
        case EXACT ->
            half.add(new Line(id, p.amount(), t, "olist payout " + o, k, Set.of(p.eventId())));
        case NET_OF_FEE ->
            half.add(
                new Line(
                    id,
                    p.amount().multiply(new BigDecimal("0.98")).setScale(2, RoundingMode.HALF_UP),
                    t,
                    "olist payout " + o + " net of fees",
                    k,
                    Set.of(p.eventId())));
        case PAYOUT_FIRST, PAYOUT_SECOND -> {
          String o2 = partner.get(o);
          if (o2 == null) {
            // no payment of another payout order close enough: an exact line of its own
            half.add(
                new Line(id, p.amount(), t, "olist payout " + o, Kind.EXACT, Set.of(p.eventId())));
          } else if (leads.contains(o)) {
            // one payout for both orders, a day after the later payment
            Payment p2 = payments.get(o2).get(0);
            Instant later = p.time().isAfter(p2.time()) ? p.time() : p2.time();
            half.add(
                new Line(
                    id,
                    p.amount().add(p2.amount()),
                    later.plus(Duration.ofDays(1)),
                    "olist payout " + o + " " + o2,
                    Kind.PAYOUT_FIRST,
                    Set.of(p.eventId(), p2.eventId())));
          }
        }
        case SPLIT -> {
          BigDecimal a = p.amount().divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
          half.add(
              new Line(id + "a", a, t, "olist payout " + o + " part 1", k, Set.of(p.eventId())));
          half.add(
              new Line(
                  id + "b",
                  p.amount().subtract(a),
                  t,
                  "olist payout " + o + " part 2",
                  k,
                  Set.of(p.eventId())));
        }
        case NO_REFERENCE -> half.add(new Line(id, p.amount(), t, "", k, Set.of(p.eventId())));
        case NEVER_SETTLED -> {}
        case NO_COUNTERPART -> {
          BigDecimal amount = new BigDecimal("900000.77").add(BigDecimal.valueOf(i));
          assertThat(allAmounts).doesNotContain(amount.stripTrailingZeros());
          half.add(new Line(id, amount, t, "olist payout unknown-" + i, k, Set.of()));
        }
      }
    }
    Path rules =
        Files.writeString(
            tmp.resolve("rules.yaml"),
            String.join(
                "\n",
                "version: 1",
                "externalSources: [bank]",
                "settling: [{type: PAYMENT, side: CREDIT}]",
                "autoConfirmScore: 0.90",
                "rules:",
                "  - {name: reference-exact, reference: CONTAINS_ARTIFACT_ID,"
                    + " amount: {tolerance: \"0.00\"}, valueDateWindow: P5D, score: 1.00}",
                "  - {name: payout-group, reference: CONTAINS_ARTIFACT_ID,"
                    + " amount: {tolerance: \"0.00\"}, valueDateWindow: P5D, maxGroup: 5,"
                    + " score: 0.95}",
                "  - {name: split, reference: CONTAINS_ARTIFACT_ID,"
                    + " amount: {tolerance: \"0.00\"}, valueDateWindow: P5D, maxSplit: 3,"
                    + " score: 0.95}",
                "  - {name: net-of-fee, reference: CONTAINS_ARTIFACT_ID,"
                    + " amount: {tolerancePct: \"3.0\"}, valueDateWindow: P5D, score: 0.95}",
                "  - {name: amount-date, amount: {tolerance: \"0.00\"}, valueDateWindow: P3D,"
                    + " score: 0.80}",
                ""));
    String home = kept.home(tmp.resolve("home"));

    // WHEN cycle 1 lands the first half's orders and their statement lines, cycle 2 the second
    // half's statement lines before their orders, cycle 3 those orders
    List<String> firstOrders = new ArrayList<>();
    List<Instant> firstTimes = new ArrayList<>();
    List<String> secondOrders = new ArrayList<>();
    List<Instant> secondTimes = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      for (OlistConverter.InputLine l : byOrder.get(orders.get(i))) {
        (i < ORDERS / 2 ? firstOrders : secondOrders).add(l.json());
        (i < ORDERS / 2 ? firstTimes : secondTimes).add(l.eventTime());
      }
    }
    ingest(home, "orders-1", firstOrders, firstTimes);
    ingest(
        home,
        "statement-1",
        statement.get(0).stream().map(Line::json).toList(),
        statement.get(0).stream().map(Line::time).toList());
    assertThat(recon("run", "--home", home, "--rules", rules.toString()).exit()).isZero();
    ingest(
        home,
        "statement-2",
        statement.get(1).stream().map(Line::json).toList(),
        statement.get(1).stream().map(Line::time).toList());
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN nothing of the second half is MATCHED before its payments exist
    Map<String, JsonNode> early = matches(home);
    for (Line l : statement.get(1)) {
      assertThat(early.get(l.eventId()).path("status").asText())
          .as(l.eventId())
          .isNotEqualTo("MATCHED");
    }

    ingest(home, "orders-2", secondOrders, secondTimes);
    assertThat(recon("run", "--home", home).exit()).isZero();

    // THEN every line with a reference is MATCHED to exactly the payments it was made for, a line
    // without one only SUGGESTED (with its payment among the candidates), a line without a
    // counterpart UNMATCHED
    Map<String, JsonNode> m = matches(home);
    Map<String, Long> outcomes = new TreeMap<>();
    List<Line> all = new ArrayList<>(statement.get(0));
    all.addAll(statement.get(1));
    for (Line l : all) {
      JsonNode d = m.get(l.eventId());
      assertThat(d).as(l.eventId()).isNotNull();
      String status = d.path("status").asText();
      outcomes.merge(l.kind() + " " + status, 1L, Long::sum);
      switch (l.kind()) {
        case NO_REFERENCE -> {
          assertThat(status).as(l.eventId()).isEqualTo("SUGGESTED");
          Set<String> candidates = new TreeSet<>();
          d.path("candidates").forEach(x -> candidates.addAll(strings(x.path("settledEventIds"))));
          assertThat(candidates).as(l.eventId()).containsAll(l.settles());
        }
        case NO_COUNTERPART -> assertThat(status).as(l.eventId()).isEqualTo("UNMATCHED");
        default -> {
          assertThat(status).as(l.eventId() + " " + l.kind()).isEqualTo("MATCHED");
          assertThat(strings(d.path("settledEventIds"))).as(l.eventId()).isEqualTo(l.settles());
        }
      }
    }
    System.out.println("OlistMatchingIT: " + all.size() + " statement lines, " + outcomes);
    assertThat(outcomes.keySet())
        .contains("EXACT MATCHED", "NET_OF_FEE MATCHED", "SPLIT MATCHED", "NO_REFERENCE SUGGESTED");

    // AND each payment is settled at most once, by the instructions the matches emitted, and no
    // balance, debit or credit changed: each order's balance is its items minus its payment
    ReconRuns.Run export = recon("export", "--home", home);
    assertThat(export.exit()).isZero();
    Map<String, Integer> settledTimes = new TreeMap<>();
    Set<String> expectedSettled = new TreeSet<>();
    all.stream()
        .filter(l -> l.kind() != Kind.NO_REFERENCE)
        .forEach(l -> expectedSettled.addAll(l.settles()));
    for (JsonNode a : jsonLines(export.out())) {
      String order = a.path("artifactId").asText();
      BigDecimal items = BigDecimal.ZERO;
      BigDecimal paid = BigDecimal.ZERO;
      for (JsonNode l : a.path("lines")) {
        if ("recon.match".equals(l.path("source").asText())) {
          settledTimes.merge(l.path("attributes").path("settledLine").asText(), 1, Integer::sum);
        } else if ("DEBIT".equals(l.path("side").asText())) {
          items = items.add(new BigDecimal(l.path("amount").asText()));
        } else {
          paid = paid.add(new BigDecimal(l.path("amount").asText()));
        }
      }
      Payment p = payments.get(order).get(0);
      assertThat(paid).as(order).isEqualByComparingTo(p.amount());
      BigDecimal expectedItems = BigDecimal.ZERO;
      for (OlistConverter.InputLine l : byOrder.get(order)) {
        JsonNode e = JSON.readTree(l.json());
        if ("DEBIT".equals(e.path("side").asText())) {
          expectedItems = expectedItems.add(new BigDecimal(e.path("amount").asText()));
        }
      }
      assertThat(items).as(order).isEqualByComparingTo(expectedItems);
      assertThat(new BigDecimal(a.path("balances").path("BRL").asText()))
          .as(order)
          .isEqualByComparingTo(expectedItems.subtract(p.amount()));
    }
    assertThat(settledTimes.keySet()).isEqualTo(expectedSettled);
    assertThat(settledTimes.values()).containsOnly(1);

    // AND the breaks, a day after the last statement line, are the open lines and the unsettled
    // payments, in the buckets computed here
    Instant asOf =
        all.stream()
            .map(Line::time)
            .max(Comparator.naturalOrder())
            .orElseThrow()
            .plus(Duration.ofDays(1));
    Set<String> expected = new TreeSet<>();
    for (Line l : all) {
      if (l.kind() == Kind.NO_REFERENCE || l.kind() == Kind.NO_COUNTERPART) {
        expected.add("EXTERNAL " + l.eventId() + " " + bucket(l.time(), asOf));
      }
    }
    for (String o : orders) {
      // every payment no line settles: never on the statement, only suggested, or its order's
      // line went to no counterpart
      Payment p = payments.get(o).get(0);
      if (!expectedSettled.contains(p.eventId())
          && p.time().plus(Duration.ofDays(5)).isBefore(asOf)) {
        expected.add("SETTLING " + p.eventId() + " " + bucket(p.time(), asOf));
      }
    }
    ReconRuns.Run breaks = recon("breaks", "--home", home, "--json", "--as-of", asOf.toString());
    assertThat(breaks.exit()).as(breaks.err()).isZero();
    Set<String> actual = new TreeSet<>();
    for (JsonNode b : jsonLines(breaks.out())) {
      actual.add(
          b.path("kind").asText()
              + " "
              + b.path("eventId").asText()
              + " "
              + b.path("bucket").asText());
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(expected).hasSizeGreaterThan(ORDERS / 8);
  }
}
