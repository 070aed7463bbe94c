package dev.recon.core.cost;

/** The services a batch's estimated cost is broken down by, with their names in the ledger. */
public enum CostService {
  S3("s3"),
  DYNAMODB("dynamodb"),
  LAMBDA("lambda"),
  EMR("emr");

  private final String key;

  CostService(String key) {
    this.key = key;
  }

  /** The name in ledger attributes ({@code cost.usd.<key>}), JSON and the CLI. */
  public String key() {
    return key;
  }
}
