package dev.recon.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.model.ArtifactLocation;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * One line of {@code prefetch/<N>/part-NNNNN.jsonl}: the index entry, then the artifact's bytes.
 */
class PrefetchLineCodecTest {
  private static final String ARTIFACT = "{\"artifactId\":\"order-1\",\"events\":[{\"n\":1}]}";
  private static final String LINE =
      "{\"artifactId\":\"order-1\",\"version\":3,\"partFile\":\"state/0000000003/part-00001.jsonl\","
          + "\"offset\":1234,\"length\":567,\"source\":\"CACHE\",\"artifact\":"
          + ARTIFACT
          + "}";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static PrefetchedArtifact prefetched() {
    return new PrefetchedArtifact(
        "order-1",
        3,
        new ArtifactLocation("state/0000000003/part-00001.jsonl", 1234, 567),
        PrefetchedArtifact.Source.CACHE,
        utf8(ARTIFACT));
  }

  @Test
  void encode_shouldWriteTheEntryFields_thenTheArtifactBytesLast_withoutANewline() {
    assertThat(new String(PrefetchLineCodec.encode(prefetched()), StandardCharsets.UTF_8))
        .isEqualTo(LINE);
  }

  @Test
  void write_shouldAppendTheLine_toWhatTheStreamAlreadyHolds() {
    // GIVEN a part-file stream holding a first line
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8("first\n"));

    // WHEN
    PrefetchLineCodec.write(prefetched(), out);
    out.write('\n');

    // THEN
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("first\n" + LINE + "\n");
  }

  @Test
  void decode_shouldReadTheEntry_andSliceTheArtifactOutByteForByte() {
    // GIVEN a line whose artifact has its own nested objects, spaces and non-ASCII text
    String artifact = "{ \"artifactId\" : \"caf\u00e9\", \"x\" : {\"artifact\":{}} }";
    String line =
        "{\"artifactId\":\"caf\u00e9\",\"version\":12,\"partFile\":\"state/0000000009/part-00000.jsonl\","
            + "\"offset\":0,\"length\":40,\"source\":\"STORE\",\"artifact\":"
            + artifact
            + "}";

    // WHEN
    PrefetchedArtifact p = PrefetchLineCodec.decode(utf8(line));

    // THEN
    assertThat(p.artifactId()).isEqualTo("caf\u00e9");
    assertThat(p.version()).isEqualTo(12);
    assertThat(p.location())
        .isEqualTo(new ArtifactLocation("state/0000000009/part-00000.jsonl", 0, 40));
    assertThat(p.source()).isEqualTo(PrefetchedArtifact.Source.STORE);
    assertThat(p.artifact()).isEqualTo(utf8(artifact));
  }

  @Test
  void decode_shouldSkipFieldsItDoesNotKnow_beforeTheArtifact() {
    String line =
        "{\"artifactId\":\"a\",\"future\":{\"x\":[1,{\"y\":2}]},\"version\":1,\"partFile\":\"p\","
            + "\"offset\":5,\"length\":6,\"source\":\"CACHE\",\"artifact\":{\"a\":1}}";

    PrefetchedArtifact p = PrefetchLineCodec.decode(utf8(line));

    assertThat(p.version()).isEqualTo(1);
    assertThat(p.location()).isEqualTo(new ArtifactLocation("p", 5, 6));
    assertThat(new String(p.artifact(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void decode_shouldGiveBackWhatEncodeWrote() {
    PrefetchedArtifact p = PrefetchLineCodec.decode(PrefetchLineCodec.encode(prefetched()));

    assertThat(p.artifactId()).isEqualTo("order-1");
    assertThat(p.version()).isEqualTo(3);
    assertThat(p.location())
        .isEqualTo(new ArtifactLocation("state/0000000003/part-00001.jsonl", 1234, 567));
    assertThat(p.source()).isEqualTo(PrefetchedArtifact.Source.CACHE);
    assertThat(new String(p.artifact(), StandardCharsets.UTF_8)).isEqualTo(ARTIFACT);
  }

  @Test
  void decode_shouldRefuse_whenTheLineIsNoObjectOrHasNoArtifactObject() {
    assertThatThrownBy(() -> PrefetchLineCodec.decode(utf8("[1]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefetch line is not a JSON object");
    assertThatThrownBy(() -> PrefetchLineCodec.decode(utf8("{\"artifactId\":\"a\",\"version\":1}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefetch line without an artifact");
    assertThatThrownBy(
            () -> PrefetchLineCodec.decode(utf8("{\"artifactId\":\"a\",\"artifact\":\"{}\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("artifact is not an object");
    assertThatThrownBy(
            () -> PrefetchLineCodec.decode(utf8("{\"source\":\"DISK\",\"artifact\":{}}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrefetchLineCodec.decode(utf8("{\"artifactId\":")))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void decode_shouldRefuse_whenTheLineStillEndsWithItsNewline() {
    // a reader hands each line without its terminator; one that does not is caught
    assertThatThrownBy(() -> PrefetchLineCodec.decode(utf8(LINE + "\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("artifact is not the last field of the prefetch line");
  }
}
