package dev.recon.reducer;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.contract.InputStat;
import dev.recon.core.contract.PartFile;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.Event;
import dev.recon.core.model.StatelessArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Writes one output partition into three local files — stateless artifacts, key file, quarantine —
 * from rows sorted by {@link ShuffleKeys#outputKey}: statistics rows first (only counted), then
 * quarantine records in (input object, line) order, then events in (artifactId, eventTime, eventId)
 * order, chunked by {@link ArtifactChunker}. Every line ends with {@code \n}; the key file holds
 * each artifactId once, in the order of the artifact part-file. The content depends only on the
 * rows, so a rerun writes the same bytes.
 */
public final class PartWriter {
  private PartWriter() {}

  /**
   * The local files of one partition and what they hold; {@code external} is written only for a
   * batch with external sources ({@link ReducerConfig#matches()}).
   */
  public record LocalPart(
      Path artifacts, Path keys, Path quarantine, Path external, PartResult result) {
    public void deleteFiles() {
      for (Path p : new Path[] {artifacts, keys, quarantine, external}) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // A temp file left behind is harmless.
        }
      }
    }
  }

  private static List<ReducerRow> contents(ReducerRow accepted) {
    List<ReducerRow> all = new java.util.ArrayList<>(1 + accepted.rivals().size());
    all.add(accepted);
    all.addAll(accepted.rivals());
    return all;
  }

  public static LocalPart write(
      Iterator<ReducerRow> sortedRows, long batch, int part, int chunkEvents, Path dir) {
    return write(sortedRows, batch, part, chunkEvents, false, dir);
  }

  /**
   * As {@link #write(Iterator, long, int, int, Path)}; with {@code withExternal}, external rows
   * (sorted before the keyed events) are written one event per line, canonical JSON, each accepted
   * content followed by the run's rival contents of it (the matching stage reports those as
   * conflicts), into a fourth file.
   */
  public static LocalPart write(
      Iterator<ReducerRow> sortedRows,
      long batch,
      int part,
      int chunkEvents,
      boolean withExternal,
      Path dir) {
    try {
      Files.createDirectories(dir);
      String tag = "s" + Layout.seq(batch) + "-" + Layout.part(part) + "-";
      HashingFile artifacts = new HashingFile(Files.createTempFile(dir, tag, ".artifacts.jsonl"));
      HashingFile keys = new HashingFile(Files.createTempFile(dir, tag, ".keys.txt"));
      HashingFile quarantine = new HashingFile(Files.createTempFile(dir, tag, ".quarantine.jsonl"));
      HashingFile external = new HashingFile(Files.createTempFile(dir, tag, ".external.jsonl"));
      PartResult result = new PartResult();
      result.part = part;
      try (artifacts;
          keys;
          quarantine;
          external) {
        DuplicateStep.PeekingIterator in = new DuplicateStep.PeekingIterator(sortedRows);
        int lastGroup = -1;
        while (in.hasNext()
            && (in.peek().kind() != ReducerRow.Kind.EVENT || in.peek().external())) {
          ReducerRow r = in.next();
          if (r.kind().ordinal() < lastGroup) {
            throw new IllegalStateException("rows out of order in part " + part + " at " + r);
          }
          lastGroup = r.kind().ordinal();
          switch (r.kind()) {
            case READ_STATS ->
                result.inputs.add(
                    new InputStat(r.inputObject(), r.objectBytes(), r.count(), r.readable()));
            case DUPLICATES -> result.duplicates += r.count();
            case QUARANTINE -> {
              quarantine.line(r.payload());
              result.quarantinedByReason.merge(r.reason(), 1L, Long::sum);
            }
            case EVENT -> {
              if (!withExternal) {
                throw new IllegalStateException("external line in a batch without matching: " + r);
              }
              for (ReducerRow content : contents(r)) {
                external.line(content.payload());
              }
              // as for keyed events, a source's tally counts the accepted content, not rivals
              Event e = r.decodeEvent();
              result.sources.computeIfAbsent(e.source(), s -> new SourceTally()).add(e.eventTime());
              result.accepted += 1 + r.rivals().size();
              result.externalLines += 1 + r.rivals().size();
            }
            default -> throw new IllegalStateException("unexpected " + r);
          }
        }
        ArtifactChunker chunks = new ArtifactChunker(in, batch, chunkEvents);
        while (chunks.hasNext()) {
          boolean newKey = chunks.nextStartsNewKey();
          StatelessArtifact a = chunks.next();
          if (newKey) {
            keys.line(a.artifactId().getBytes(StandardCharsets.UTF_8));
          }
          CanonicalJson.write(a, artifacts);
          artifacts.endLine();
          // Rivals are handed on for the stateful merge to decide: they count here as accepted
          // lines.
          result.accepted += a.events().size() + a.rivals().size();
          for (Event e : a.events()) {
            result.sources.computeIfAbsent(e.source(), s -> new SourceTally()).add(e.eventTime());
          }
        }
        result.keyCount = keys.lines();
        result.artifactLines = artifacts.lines();
        result.artifacts =
            new PartFile(
                Layout.statelessArtifacts(batch, part),
                artifacts.bytes(),
                artifacts.finish(),
                artifacts.lines());
        result.keys =
            new PartFile(Layout.keyFile(batch, part), keys.bytes(), keys.finish(), keys.lines());
        result.quarantine =
            new PartFile(
                Layout.quarantine(batch, part),
                quarantine.bytes(),
                quarantine.finish(),
                quarantine.lines());
        PartFile externalPart =
            new PartFile(
                Layout.statelessExternal(batch, part),
                external.bytes(),
                external.finish(),
                external.lines());
        result.external = withExternal ? externalPart : null;
      }
      return new LocalPart(
          artifacts.path(), keys.path(), quarantine.path(), external.path(), result);
    } catch (IOException e) {
      throw new UncheckedIOException("writing part " + part + " of stateless batch " + batch, e);
    }
  }
}
