package dev.recon.tools.olist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.RulesConfig;
import dev.recon.core.model.QuarantineReason;
import dev.recon.core.model.Side;
import dev.recon.core.rules.EventValidator;
import dev.recon.core.rules.LineVerdict;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OlistConverterTest {
  @TempDir Path dir;

  private void files() throws IOException {
    Files.writeString(
        dir.resolve(OlistConverter.ORDERS),
        "order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,x,y,z\r\n"
            + "o1,c1,delivered,10/2/2017 10:56,10/2/2017 11:07,,,\r\n"
            + "o2,c2,canceled,8/28/2018 15:26,,,,\r\n");
    Files.writeString(
        dir.resolve(OlistConverter.ITEMS),
        "order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value\r\n"
            + "o1,1,p1,s1,10/6/2017 11:07,58.9,13.29\r\n"
            + "o1,2,p2,s1,10/6/2017 11:07,10,0\r\n"
            + "o9,1,p3,s2,1/5/2018 9:00,20.5,\"1.5\"\r\n");
    Files.writeString(
        dir.resolve(OlistConverter.PAYMENTS),
        "order_id,payment_sequential,payment_type,payment_installments,payment_value\r\n"
            + "o1,1,credit_card,8,82.19\r\n"
            + "o2,1,boleto,1,5\r\n"
            + "o8,1,voucher,1,7.5\r\n");
  }

  @Test
  void convert_shouldMapItemsToDebitsAndPaymentsToCredits_perOrder() throws IOException {
    // GIVEN a tiny Olist-shaped dataset
    files();

    // WHEN converted in UTC
    OlistConverter.Conversion c = OlistConverter.convert(dir, ZoneOffset.UTC);

    // THEN one line per row, valid for the core validator except the payment of an unknown order
    assertThat(c.lines()).hasSize(6);
    assertThat(c.items()).isEqualTo(3);
    assertThat(c.payments()).isEqualTo(3);
    assertThat(c.itemsTimedByShippingLimit()).isEqualTo(1);
    assertThat(c.paymentsWithoutTime()).isEqualTo(1);
    EventValidator v = new EventValidator(RulesConfig.DEFAULTS);
    List<LineVerdict> verdicts = c.lines().stream().map(l -> v.validate("k", 1, l.json())).toList();
    var item = verdicts.get(0).event();
    assertThat(item.eventId()).isEqualTo("olist-item-o1-1");
    assertThat(item.artifactId()).isEqualTo("o1");
    assertThat(item.side()).isEqualTo(Side.DEBIT);
    assertThat(item.amount()).isEqualByComparingTo(new BigDecimal("72.19"));
    assertThat(item.currency()).isEqualTo("BRL");
    assertThat(item.eventTime()).isEqualTo(Instant.parse("2017-10-02T10:56:00Z"));
    assertThat(verdicts.get(2).event().eventTime())
        .isEqualTo(Instant.parse("2018-01-05T09:00:00Z"));
    assertThat(verdicts.get(2).event().attributes())
        .containsEntry("timeSource", "shipping_limit_date");
    var payment = verdicts.get(3).event();
    assertThat(payment.side()).isEqualTo(Side.CREDIT);
    assertThat(payment.eventTime()).isEqualTo(Instant.parse("2017-10-02T11:07:00Z")); // approval
    assertThat(verdicts.get(4).event().eventTime())
        .isEqualTo(Instant.parse("2018-08-28T15:26:00Z")); // purchase
    assertThat(verdicts.get(5).accepted()).isFalse();
    assertThat(verdicts.get(5).quarantine().reason()).isEqualTo(QuarantineReason.MISSING_FIELD);
  }

  @Test
  void toBatches_shouldCutBetweenHoursInTimeOrder_withUntimedLinesLast() throws IOException {
    files();
    OlistConverter.Conversion c = OlistConverter.convert(dir, ZoneOffset.UTC);
    List<OlistConverter.InputBatchFile> batches = OlistConverter.toBatches(c.lines(), 3, "t");
    assertThat(batches).extracting(OlistConverter.InputBatchFile::lines).containsExactly(2, 2, 2);
    for (int i = 0; i + 1 < batches.size(); i++) {
      assertThat(batches.get(i).windowEnd()).isEqualTo(batches.get(i + 1).windowStart());
    }
    assertThat(batches.get(1).key()).endsWith(".jsonl.gz");
    assertThat(batches.get(0).key()).startsWith("input/2017/10/02/10/t-0").endsWith(".jsonl");
    assertThat(batches.get(0).metadata()).containsEntry("window-start", "2017-10-02T10:00:00Z");
  }

  @Test
  void locate_shouldFindTheSharedDataset_fromTheModuleOrItsParents() throws Exception {
    // GIVEN a repository next to shared/, inside the temp dir, and a folder deeper than the walk
    Path repo = Files.createDirectories(dir.resolve("work/main/stateless-reducer"));
    Path deep = Files.createDirectories(dir.resolve("x/a/b/c/d/e/f"));
    Path data = Files.createDirectories(dir.resolve("work/shared/datasets/olist"));
    for (String f :
        new String[] {
          "olist_orders_dataset.csv",
          "olist_order_items_dataset.csv",
          "olist_order_payments_dataset.csv"
        }) {
      Files.writeString(data.resolve(f), "h\n");
    }
    // THEN from the module and the repository root it is found; from elsewhere it is not
    assertThat(OlistConverter.locate(repo)).contains(data.toAbsolutePath().normalize());
    assertThat(OlistConverter.locate(repo.getParent())).contains(data.toAbsolutePath().normalize());
    assertThat(OlistConverter.locate(deep)).isEmpty();
  }
}
