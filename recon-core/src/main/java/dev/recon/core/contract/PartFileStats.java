package dev.recon.core.contract;

import java.io.Serializable;

/**
 * One written part-file as a manifest lists it: key, record count, size in bytes, SHA-256 (hex).
 */
public record PartFileStats(String key, long records, long bytes, String sha256)
    implements Serializable {}
