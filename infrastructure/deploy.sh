#!/usr/bin/env bash
# Builds the shaded jars, uploads them and the state machine definitions (stepfunctions/, the
# single source of truth) to an artifact bucket, and deploys infrastructure/template.yaml.
#
#   infrastructure/deploy.sh -e <environment> [-r <region>] [-b <artifact-bucket>]
#       [-s '<schedule expression>'] [--skip-build] [--dry-run]
#       [-- ParameterKey=value ...]
#
# Everything after "--" is passed to CloudFormation as further parameter overrides (sizes,
# retention, alarm e-mail...), e.g. -- EmrCoreInstanceCount=4 RedisNodeType=cache.r7g.xlarge
# Artifacts are stored under content hashes, so a redeploy updates exactly what changed.
# Needs: bash, the AWS CLI (v2, or v1) with credentials, sha256sum, and Java 17 unless --skip-build.
set -euo pipefail

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

environment=""
region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
bucket=""
schedule=""
build=true
dry_run=false
overrides=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    -e | --environment) environment="${2:?}"; shift 2 ;;
    -r | --region) region="${2:?}"; shift 2 ;;
    -b | --bucket) bucket="${2:?}"; shift 2 ;;
    -s | --schedule) schedule="${2:?}"; shift 2 ;;
    --skip-build) build=false; shift ;;
    --dry-run) dry_run=true; shift ;;
    --) shift; overrides+=("$@"); break ;;
    -h | --help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done

[[ "$environment" =~ ^[a-z][a-z0-9-]{1,15}$ ]] || { echo "-e <environment>: 2-16 of [a-z0-9-], starting with a letter" >&2; usage; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
template="$root/infrastructure/template.yaml"
definitions="$root/stepfunctions/src/main/resources/statemachines"

# Runs a command, or only prints it with --dry-run.
run() {
  if $dry_run; then
    printf '+'; printf ' %q' "$@"; printf '\n'
  else
    "$@"
  fi
}

if [[ -z "$region" ]]; then
  region="$(aws configure get region || true)"
fi
[[ -n "$region" ]] || { echo "no region: use -r or set AWS_REGION" >&2; exit 2; }
# AWS_DEFAULT_REGION too: the AWS CLI v1 reads only that one (v2 reads both).
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
if $dry_run; then
  account="123456789012"
else
  account="$(aws sts get-caller-identity --query Account --output text)"
fi
stack="recon-$environment"
bucket="${bucket:-recon-$environment-artifacts-$account-$region}"

# 1. Build the shaded jars (Lambdas and Spark jobs) with the project's Maven wrapper.
job_modules=(stateless-reducer prefetcher stateful-processor)
lambda_modules=(backlog-manager-lambda state-indexer-lambda query-lambda)
if $build; then
  modules="$(IFS=,; echo "${lambda_modules[*]},${job_modules[*]}")"
  run "$root/mvnw" -B -ntp -q -DskipTests -Dnpm.skip=true -pl "$modules" -am package
fi

# The one deployable jar a module builds: its shaded jar with the given classifier (Lambdas:
# "lambda", Spark jobs: "job").
jar_of() {
  local module="$1" classifier="$2" found
  if $dry_run; then
    echo "$root/$module/target/$module-$classifier.jar"
    return
  fi
  found="$(find "$root/$module/target" -maxdepth 1 -name "$module-*-$classifier.jar")"
  [[ -n "$found" && "$(wc -l <<<"$found")" -eq 1 ]] || { echo "expected one $classifier jar in $module/target, found: ${found:-none}" >&2; exit 1; }
  echo "$found"
}

# 2. The artifact bucket: private, encrypted, versioned.
if $dry_run || ! aws s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
  if [[ "$region" == "us-east-1" ]]; then
    run aws s3api create-bucket --bucket "$bucket"
  else
    run aws s3api create-bucket --bucket "$bucket" --create-bucket-configuration "LocationConstraint=$region"
  fi
  run aws s3api put-public-access-block --bucket "$bucket" --public-access-block-configuration \
    BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
  run aws s3api put-bucket-encryption --bucket "$bucket" --server-side-encryption-configuration \
    '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"},"BucketKeyEnabled":true}]}'
  run aws s3api put-bucket-versioning --bucket "$bucket" --versioning-configuration Status=Enabled
fi

# Uploads a file under <prefix>/<name>-<sha256 prefix>.<extension>; prints the key.
upload() {
  local file="$1" prefix="$2" name="$3" extension="$4" hash key
  if [[ -f "$file" ]]; then
    hash="$(sha256sum "$file" | cut -c1-16)"
  else
    hash="dryrun"
  fi
  key="$prefix/$name-$hash.$extension"
  run aws s3 cp "$file" "s3://$bucket/$key" --only-show-errors >&2
  echo "$key"
}

# 3. Upload jars and definitions.
backlog_key="$(upload "$(jar_of backlog-manager-lambda lambda)" lambdas backlog-manager-lambda jar)"
indexer_key="$(upload "$(jar_of state-indexer-lambda lambda)" lambdas state-indexer-lambda jar)"
query_key="$(upload "$(jar_of query-lambda lambda)" lambdas query-lambda jar)"
reducer_key="$(upload "$(jar_of stateless-reducer job)" jobs stateless-reducer jar)"
prefetcher_key="$(upload "$(jar_of prefetcher job)" jobs prefetcher jar)"
processor_key="$(upload "$(jar_of stateful-processor job)" jobs stateful-processor jar)"
stateless_key="$(upload "$definitions/stateless.asl.json" definitions stateless asl.json)"
stateful_key="$(upload "$definitions/stateful.asl.json" definitions stateful asl.json)"
cycle_key="$(upload "$definitions/cycle.asl.json" definitions cycle asl.json)"

parameters=(
  "EnvironmentName=$environment"
  "ArtifactBucket=$bucket"
  "BacklogManagerCodeKey=$backlog_key"
  "StateIndexerCodeKey=$indexer_key"
  "QueryApiCodeKey=$query_key"
  "StatelessReducerJarKey=$reducer_key"
  "PrefetcherJarKey=$prefetcher_key"
  "StatefulProcessorJarKey=$processor_key"
  "StatelessDefinitionKey=$stateless_key"
  "StatefulDefinitionKey=$stateful_key"
  "CycleDefinitionKey=$cycle_key"
)
if [[ -n "$schedule" ]]; then
  parameters+=("ScheduleExpression=$schedule")
fi
# ${arr[@]+"${arr[@]}"}: bash < 4.4 treats an empty "${arr[@]}" as unset under set -u.
parameters+=(${overrides[@]+"${overrides[@]}"})
# A new DeploymentId whenever the template or a parameter (jar keys included) changes: each
# function then publishes a version under its alias "live", so a configuration change without new
# code reaches the callers too. The same inputs give the same id, so an unchanged redeploy is a no-op.
deployment_id="$({ cat "$template"; printf '%s\n' "${parameters[@]}"; } | sha256sum | cut -c1-16)"
parameters+=("DeploymentId=$deployment_id")

# 4. A stack whose first create failed and rolled back (ROLLBACK_COMPLETE) cannot be updated, only
# deleted: delete it and wait, then create it again. Its fixed-name buckets went with the rollback
# (DeletionPolicy RetainExceptOnCreate); the two tables are deletion-protected and always retained,
# so if that create got as far as them, they are still there and the new create would fail on
# their names: say so and stop (this script never deletes a table).
if ! $dry_run; then
  status="$(aws cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus' --output text 2>/dev/null || true)"
  if [[ "$status" == "ROLLBACK_COMPLETE" ]]; then
    echo "stack $stack is in ROLLBACK_COMPLETE (its first create failed): deleting it before creating it again" >&2
    aws cloudformation delete-stack --stack-name "$stack"
    aws cloudformation wait stack-delete-complete --stack-name "$stack"
    echo "stack $stack deleted" >&2
    leftover=""
    for table in "recon-$environment-index" "recon-$environment-ledger"; do
      if aws dynamodb describe-table --table-name "$table" >/dev/null 2>&1; then
        leftover="$leftover $table"
      fi
    done
    if [[ -n "$leftover" ]]; then
      echo "the failed create left the retained, deletion-protected table(s)$leftover; a new create would fail on their names." >&2
      echo "If they hold nothing you need: disable their deletion protection, delete them, and run deploy.sh again." >&2
      exit 1
    fi
    echo "creating stack $stack again" >&2
  fi
fi

# 5. Deploy (the template is over 51,200 bytes, so it goes through the bucket too).
run aws cloudformation deploy \
  --stack-name "$stack" \
  --template-file "$template" \
  --s3-bucket "$bucket" --s3-prefix templates \
  --capabilities CAPABILITY_IAM \
  --no-fail-on-empty-changeset \
  --parameter-overrides "${parameters[@]}" \
  --tags project=recon "environment=$environment"

if ! $dry_run; then
  aws cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].Outputs' --output table
fi
