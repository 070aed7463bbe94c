package dev.recon.reducer;

import dev.recon.core.codec.CanonicalJson;
import dev.recon.core.contract.PartFile;
import dev.recon.core.contract.StatelessManifest;
import dev.recon.core.layout.Layout;
import dev.recon.core.model.QuarantineRecord;
import dev.recon.core.model.StatelessArtifact;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Reads a stateless batch's output back, line by line (never a whole part-file as one string). */
final class Outputs {
  private Outputs() {}

  static void eachArtifact(
      ObjectStore store, StatelessManifest m, Consumer<StatelessArtifact> each) {
    for (PartFile f : m.artifacts()) {
      eachLine(
          store,
          f.key(),
          l -> each.accept(CanonicalJson.decodeStateless(l.getBytes(StandardCharsets.UTF_8))));
    }
  }

  static List<QuarantineRecord> quarantine(ObjectStore store, StatelessManifest m) {
    List<QuarantineRecord> out = new ArrayList<>();
    for (PartFile f : m.quarantine()) {
      eachLine(
          store,
          f.key(),
          l -> out.add(CanonicalJson.decodeQuarantine(l.getBytes(StandardCharsets.UTF_8))));
    }
    return out;
  }

  /** The quarantine records among a snapshot's objects, in key then line order. */
  static List<QuarantineRecord> quarantineIn(Map<String, byte[]> snapshot) {
    List<QuarantineRecord> out = new ArrayList<>();
    snapshot.forEach(
        (k, bytes) -> {
          if (k.startsWith("quarantine/")) {
            for (String l : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
              if (!l.isEmpty()) {
                out.add(CanonicalJson.decodeQuarantine(l.getBytes(StandardCharsets.UTF_8)));
              }
            }
          }
        });
    return out;
  }

  static List<String> keys(ObjectStore store, StatelessManifest m) {
    List<String> out = new ArrayList<>();
    for (PartFile f : m.keys()) {
      eachLine(store, f.key(), out::add);
    }
    return out;
  }

  static void eachLine(ObjectStore store, String key, Consumer<String> each) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(store.open(key), StandardCharsets.UTF_8), 1 << 16)) {
      for (String l; (l = in.readLine()) != null; ) {
        each.accept(l);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every object of a batch (artifacts, keys, quarantine, manifest) with its bytes. */
  static Map<String, byte[]> snapshot(ObjectStore store, long batch) {
    Map<String, byte[]> out = new TreeMap<>();
    for (String prefix : List.of(Layout.statelessDir(batch), Layout.quarantineDir(batch))) {
      for (ObjectInfo o : store.list(prefix)) {
        out.put(o.key(), store.get(o.key()));
      }
    }
    return out;
  }

  static void deleteBatch(ObjectStore store, long batch) {
    for (String prefix : List.of(Layout.statelessDir(batch), Layout.quarantineDir(batch))) {
      for (ObjectInfo o : store.list(prefix)) {
        store.delete(o.key());
      }
    }
  }
}
