#!/bin/sh
# One-shot (admin-tools image): the namespace E²A runs in and the search attributes every flow is started with
# (TenantId, FlowName; docs/deployment.md has the same commands for a cluster you run yourself). Safe to rerun.
set -eu
: "${TEMPORAL_ADDRESS:?}"
namespace="${TEMPORAL_NAMESPACE:-default}"
attempt=0
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  [ "$attempt" -lt 60 ] || { echo "Temporal at $TEMPORAL_ADDRESS is not healthy"; exit 1; }
  sleep 2
done
temporal operator namespace describe --namespace "$namespace" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 ||
  temporal operator namespace create --namespace "$namespace" --retention 720h --address "$TEMPORAL_ADDRESS"
existing="$(temporal operator search-attribute list --namespace "$namespace" --address "$TEMPORAL_ADDRESS")"
for name in TenantId FlowName; do
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$namespace" --name "$name" --type Keyword \
      --address "$TEMPORAL_ADDRESS"
  fi
done
echo "namespace $namespace ready with TenantId and FlowName"
