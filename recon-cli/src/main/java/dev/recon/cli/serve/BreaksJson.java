package dev.recon.cli.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recon.core.match.Breaks;
import dev.recon.core.match.Candidate;
import dev.recon.core.match.MatchBook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The open items of two-sided matching as JSON (DESIGN §9): one object per item for {@code recon
 * breaks --json}, and the whole answer of {@code GET /api/breaks}:
 *
 * <pre>
 * {"asOf":"2026-12-31T00:00:00Z","matchedThrough":4,"rules":"config/rules/v1-….yaml",
 *  "items":[{"kind":"EXTERNAL","eventId":"s2","source":"bank","amount":"10.00","currency":"EUR",
 *            "eventTime":"…","ageDays":39,"bucket":"31-60","reason":"BELOW_AUTO_CONFIRM",
 *            "candidates":[{"artifactIds":["order-2"],"settledEventIds":["p2"],"settledAmount":"10.00"}]}],
 *  "totals":[{"kind":"EXTERNAL","bucket":"31-60","currency":"EUR","items":1,"amount":"10.00"}]}
 * </pre>
 *
 * Before any batch matched: {@code matchedThrough} and {@code rules} are null, the lists empty.
 */
public final class BreaksJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BreaksJson() {}

  /** One open item. */
  public static ObjectNode item(Breaks.Item i) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("kind", i.kind().name());
    o.put("eventId", i.eventId());
    if (i.artifactId() != null) {
      o.put("artifactId", i.artifactId());
    }
    if (i.source() != null) {
      o.put("source", i.source());
    }
    o.put("amount", i.amount().toPlainString());
    o.put("currency", i.currency());
    o.put("eventTime", i.eventTime().toString());
    o.put("ageDays", i.ageDays());
    o.put("bucket", i.bucket());
    o.put("reason", i.reason());
    if (!i.candidates().isEmpty()) {
      ArrayNode cs = o.putArray("candidates");
      for (Candidate c : i.candidates()) {
        ObjectNode n = cs.addObject();
        c.artifactIds().forEach(n.putArray("artifactIds")::add);
        c.settledEventIds().forEach(n.putArray("settledEventIds")::add);
        n.put("settledAmount", c.settledAmount().toPlainString());
      }
    }
    return o;
  }

  /** The latest matching's open items as of {@code asOf} (default: its batch's asOf). */
  public static byte[] encode(Optional<MatchBook.Latest> latest, Instant asOf) {
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode items = MAPPER.createArrayNode();
    ArrayNode totals = MAPPER.createArrayNode();
    if (latest.isEmpty()) {
      o.put("asOf", asOf == null ? null : asOf.toString());
      o.putNull("matchedThrough");
      o.putNull("rules");
    } else {
      MatchBook.Latest l = latest.get();
      Instant at = l.asOfOr(asOf);
      List<Breaks.Item> open = Breaks.of(l.state(), l.rules(), at);
      o.put("asOf", at.toString());
      o.put("matchedThrough", l.manifest().batch());
      o.put("rules", l.manifest().rules());
      open.forEach(i -> items.add(item(i)));
      for (Map.Entry<Breaks.Kind, List<Breaks.Total>> e :
          Breaks.totals(open, l.rules().agingBuckets()).entrySet()) {
        for (Breaks.Total t : e.getValue()) {
          ObjectNode n = totals.addObject();
          n.put("kind", e.getKey().name());
          n.put("bucket", t.bucket());
          n.put("currency", t.currency());
          n.put("items", t.items());
          n.put("amount", t.amount().toPlainString());
        }
      }
    }
    o.set("items", items);
    o.set("totals", totals);
    try {
      return MAPPER.writeValueAsBytes(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
