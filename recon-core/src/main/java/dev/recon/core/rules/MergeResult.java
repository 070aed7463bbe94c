package dev.recon.core.rules;

import dev.recon.core.model.Event;
import dev.recon.core.model.ReconciliationArtifact;
import java.util.List;

/**
 * What merging one stateful batch into a key did.
 *
 * @param artifact the artifact after the batch (the prior one when nothing changed; null only when
 *     there was no prior artifact and nothing was applied)
 * @param changed whether a new version was produced
 * @param applied events that became new lines
 * @param duplicates events already in the artifact's history with identical content
 * @param conflicting events whose eventId is in the history with different content (quarantine)
 */
public record MergeResult(
    ReconciliationArtifact artifact, boolean changed, long applied, long duplicates, List<Event> conflicting) {}
