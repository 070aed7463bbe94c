package dev.recon.aws;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.error.ObjectNotFoundException;
import dev.recon.core.error.ReconException;
import dev.recon.core.port.ObjectInfo;
import dev.recon.core.port.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * {@link ObjectStore} over one S3 bucket and one environment prefix. Keys handed in and out are
 * relative to the prefix ({@code state/7/part-00000.jsonl} is stored as {@code
 * <prefix>/state/7/part-00000.jsonl}).
 *
 * <p>Ranged reads are the hot path of artifact lookups, so {@link #getRange} checks it got exactly
 * the bytes it asked for: a server that ignores {@code Range} (answering 200 with the whole object)
 * or an object shorter than the index claims must fail loudly, never hand back a neighbouring
 * artifact or a truncated one.
 *
 * <p>S3 lower-cases user-metadata keys; values round-trip unchanged (keep them ASCII). The client
 * is not closed by {@link #close()}: whoever built it owns it.
 */
public final class S3ObjectStore implements ObjectStore {

  /** S3's own maximum page size for ListObjectsV2. */
  public static final int LIST_PAGE_SIZE_DEFAULT = 1000;

  /** S3 rejects non-final multipart parts smaller than this. */
  public static final long MIN_PART_SIZE_BYTES = 5L * 1024 * 1024;

  /** S3 allows at most this many parts per upload. */
  static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int listPageSize;

  public S3ObjectStore(S3Client s3, ReconSettings settings) {
    this(s3, settings.bucket(), settings.prefix(), LIST_PAGE_SIZE_DEFAULT);
  }

  /**
   * @param prefix environment prefix without trailing slash; empty for the bucket root
   * @param listPageSize keys per ListObjectsV2 page (tests use small pages to exercise pagination)
   */
  public S3ObjectStore(S3Client s3, String bucket, String prefix, int listPageSize) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.prefix = S3Keys.normalizePrefix(prefix);
    if (listPageSize < 1 || listPageSize > LIST_PAGE_SIZE_DEFAULT) {
      throw new IllegalArgumentException("listPageSize must be 1..1000: " + listPageSize);
    }
    this.listPageSize = listPageSize;
  }

  public String bucket() {
    return bucket;
  }

  public String prefix() {
    return prefix;
  }

  @Override
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    Objects.requireNonNull(bytes, "bytes");
    String full = S3Keys.toFull(prefix, key);
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(full).metadata(metadata), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw AwsErrors.translate("PutObject s3://" + bucket + "/" + full, e);
    }
  }

  @Override
  public void putMultipart(String key, Path file, long partSizeBytes) {
    if (partSizeBytes < MIN_PART_SIZE_BYTES) {
      throw new IllegalArgumentException(
          "part size must be at least 5 MiB (S3 rejects smaller non-final parts): "
              + partSizeBytes);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String full = S3Keys.toFull(prefix, key);
    if (size == 0) {
      // A multipart upload needs at least one part; an empty object is one plain PUT.
      put(key, new byte[0], Map.of());
      return;
    }
    long parts = (size + partSizeBytes - 1) / partSizeBytes;
    if (parts > MAX_PARTS) {
      throw new IllegalArgumentException(
          file
              + " needs "
              + parts
              + " parts of "
              + partSizeBytes
              + " bytes; S3 allows "
              + MAX_PARTS);
    }
    String uploadId;
    try {
      uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(full)).uploadId();
    } catch (SdkException e) {
      throw AwsErrors.translate("CreateMultipartUpload s3://" + bucket + "/" + full, e);
    }
    try {
      List<CompletedPart> completed = new ArrayList<>();
      for (int part = 1; part <= parts; part++) {
        long offset = (part - 1) * partSizeBytes;
        long length = Math.min(partSizeBytes, size - offset);
        int partNumber = part;
        // The provider opens a fresh stream per attempt, so SDK retries re-send the same bytes
        // without holding a part in memory.
        RequestBody body =
            RequestBody.fromContentProvider(
                () -> FileSlice.open(file, offset, length), length, "application/octet-stream");
        UploadPartResponse r =
            s3.uploadPart(
                b ->
                    b.bucket(bucket)
                        .key(full)
                        .uploadId(uploadId)
                        .partNumber(partNumber)
                        .contentLength(length),
                body);
        completed.add(CompletedPart.builder().partNumber(partNumber).eTag(r.eTag()).build());
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(full)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(completed)));
    } catch (RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(full).uploadId(uploadId));
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      if (e instanceof SdkException se) {
        throw AwsErrors.translate("multipart upload of s3://" + bucket + "/" + full, se);
      }
      throw e;
    }
  }

  @Override
  public byte[] get(String key) {
    String full = S3Keys.toFull(prefix, key);
    try {
      ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(full));
      return r.asByteArrayUnsafe();
    } catch (SdkException e) {
      throw notFoundOr(key, "GetObject", full, e);
    }
  }

  @Override
  public InputStream open(String key) {
    String full = S3Keys.toFull(prefix, key);
    try {
      return s3.getObject(b -> b.bucket(bucket).key(full));
    } catch (SdkException e) {
      throw notFoundOr(key, "GetObject", full, e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("bad range " + offset + "+" + length + " of " + key);
    }
    if (length == 0) {
      return new byte[0];
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("range too large for one array: " + length);
    }
    String full = S3Keys.toFull(prefix, key);
    String range = S3Keys.rangeHeader(offset, length);
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(b -> b.bucket(bucket).key(full).range(range))) {
      GetObjectResponse r = in.response();
      S3Keys.checkContentRange(full, offset, length, r.contentRange(), r.contentLength());
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length != length || in.read() != -1) {
        throw new ReconException(
            "ranged GET of "
                + full
                + " "
                + range
                + " returned "
                + bytes.length
                + (bytes.length == length ? "+ bytes" : " bytes")
                + ", expected exactly "
                + length);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + full + " " + range, e);
    } catch (SdkException e) {
      if (e instanceof AwsServiceException ase && ase.statusCode() == 416) {
        throw new ReconException(
            "range " + range + " lies beyond the end of " + full + " (416 InvalidRange)", e);
      }
      throw notFoundOr(key, "GetObject(range)", full, e);
    }
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    String full = S3Keys.toFull(prefix, key);
    try {
      HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(full));
      return Optional.of(new ObjectInfo(key, r.contentLength(), r.lastModified(), r.metadata()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      if (e instanceof AwsServiceException ase && ase.statusCode() == 404) {
        return Optional.empty();
      }
      throw AwsErrors.translate("HeadObject s3://" + bucket + "/" + full, e);
    }
  }

  /**
   * Every object whose relative key starts with {@code keyPrefix}, in key order, across all pages.
   * Listings carry no user metadata (S3 does not return it); use {@link #head} for that.
   */
  @Override
  public List<ObjectInfo> list(String keyPrefix) {
    String fullPrefix = S3Keys.toFullPrefix(prefix, keyPrefix);
    List<ObjectInfo> out = new ArrayList<>();
    String token = null;
    try {
      do {
        ListObjectsV2Request.Builder req =
            ListObjectsV2Request.builder().bucket(bucket).prefix(fullPrefix).maxKeys(listPageSize);
        if (token != null) {
          req.continuationToken(token);
        }
        ListObjectsV2Response page = s3.listObjectsV2(req.build());
        for (S3Object o : page.contents()) {
          out.add(
              new ObjectInfo(
                  S3Keys.toRelative(prefix, o.key()), o.size(), o.lastModified(), Map.of()));
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw AwsErrors.translate("ListObjectsV2 s3://" + bucket + "/" + fullPrefix, e);
    }
    return out;
  }

  /** Deletes the object; deleting a missing key is not an error (S3 semantics). */
  @Override
  public void delete(String key) {
    String full = S3Keys.toFull(prefix, key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(full));
    } catch (SdkException e) {
      throw AwsErrors.translate("DeleteObject s3://" + bucket + "/" + full, e);
    }
  }

  @Override
  public void close() {
    // The client is shared and owned by whoever built it (normally AwsClientFactory).
  }

  private RuntimeException notFoundOr(String key, String op, String full, SdkException e) {
    if (e instanceof NoSuchKeyException
        || (e instanceof AwsServiceException ase
            && ase.statusCode() == 404
            && !isNoSuchBucket(ase))) {
      ObjectNotFoundException nf = new ObjectNotFoundException(key);
      nf.initCause(e);
      return nf;
    }
    return AwsErrors.translate(op + " s3://" + bucket + "/" + full, e);
  }

  private static boolean isNoSuchBucket(AwsServiceException e) {
    return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  /**
   * {@code length} bytes of a file from {@code offset}: one multipart part, re-openable per
   * attempt.
   */
  static final class FileSlice extends FilterInputStream {
    private long remaining;

    private FileSlice(InputStream in, long length) {
      super(in);
      this.remaining = length;
    }

    static InputStream open(Path file, long offset, long length) {
      try {
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(offset);
        return new FileSlice(in, length);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open " + file + " at " + offset, e);
      }
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(buf, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, remaining));
      remaining -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), remaining);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
