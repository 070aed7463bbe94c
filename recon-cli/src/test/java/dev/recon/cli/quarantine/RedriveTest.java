package dev.recon.cli.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.layout.Layout;
import dev.recon.core.quarantine.LineRanges;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedriveTest {
  private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant END = Instant.parse("2026-11-21T11:00:00Z");

  @TempDir Path tmp;

  private static List<byte[]> originals(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(("bad-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void plan_shouldKeepNonBlankLines_withThePositionsTheyReplace() throws Exception {
    Path file = Files.writeString(tmp.resolve("f.jsonl"), "fixed-1\n\nbad-3\n \t\nfixed-5\r\n");

    Redrive.Plan plan = Redrive.plan(7, file, originals(5).iterator(), START, END);

    assertThat(plan.kept()).isEqualTo(3);
    assertThat(plan.blank()).isEqualTo(2);
    assertThat(plan.unchanged()).isEqualTo(1);
    assertThat(plan.parts()).hasSize(1);
    Redrive.Part p = plan.parts().get(0);
    assertThat(new String(p.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("fixed-1\nbad-3\nfixed-5\r\n");
    assertThat(p.metadata())
        .containsEntry(Layout.META_REDRIVE_OF, "7")
        .containsEntry(Layout.META_REDRIVE_LINES, "1,3,5")
        .containsEntry(Layout.META_WINDOW_START, START.toString())
        .containsEntry(Layout.META_WINDOW_END, END.toString());
    assertThat(p.key()).startsWith("input/2026/11/21/10/redrive-7-").endsWith(".jsonl");
    // the same file gives the same key (a redrive of the same fix is recognised)
    assertThat(Redrive.plan(7, file, originals(5).iterator(), START, END).parts().get(0).key())
        .isEqualTo(p.key());
  }

  @Test
  void plan_shouldRefuse_whenTheFileHasMoreOrFewerLinesThanQuarantined() throws Exception {
    Path more = Files.writeString(tmp.resolve("more.jsonl"), "a\nb\nc\n");
    Path fewer = Files.writeString(tmp.resolve("fewer.jsonl"), "a");

    assertThatThrownBy(() -> Redrive.plan(7, more, originals(2).iterator(), START, END))
        .isInstanceOf(Redrive.MismatchException.class)
        .hasMessageContaining("has 3 line(s) but stateless batch 7 quarantined 2")
        .hasMessageContaining("the extra lines would replace nothing");
    assertThatThrownBy(() -> Redrive.plan(7, fewer, originals(2).iterator(), START, END))
        .isInstanceOf(Redrive.MismatchException.class)
        .hasMessageContaining("has 1 line(s) but stateless batch 7 quarantined 2");
  }

  @Test
  void plan_shouldSplitOverObjects_whenThePositionsWouldNotFitTheMetadata() throws Exception {
    // every other line kept out of 4,000: "1,3,5,…" is far over the metadata bound
    int n = 4000;
    StringBuilder b = new StringBuilder();
    List<Long> kept = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      if (i % 2 == 1) {
        b.append("fixed-").append(i);
        kept.add((long) i);
      }
      b.append('\n');
    }
    Path file = Files.writeString(tmp.resolve("sparse.jsonl"), b.toString());

    Redrive.Plan plan = Redrive.plan(7, file, originals(n).iterator(), START, END);

    assertThat(plan.parts().size()).isGreaterThan(1);
    List<Long> positions = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    for (Redrive.Part p : plan.parts()) {
      String ranges = p.metadata().get(Layout.META_REDRIVE_LINES);
      assertThat(ranges.length()).isLessThanOrEqualTo(Redrive.MAX_RANGES_CHARS);
      LineRanges r = LineRanges.parse(ranges);
      String body = new String(p.bytes(), StandardCharsets.UTF_8);
      assertThat(body.split("\n")).hasSize((int) r.size());
      for (long k = 1; k <= r.size(); k++) {
        positions.add(r.positionAt(k));
      }
      lines.append(body);
    }
    assertThat(positions).containsExactlyElementsOf(kept);
    assertThat(lines.toString()).isEqualTo(b.toString().replace("\n\n", "\n"));
    assertThat(plan.parts()).extracting(Redrive.Part::key).doesNotHaveDuplicates();
  }
}
