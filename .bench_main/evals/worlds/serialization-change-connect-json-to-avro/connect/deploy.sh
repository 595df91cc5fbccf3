#!/usr/bin/env bash
set -euo pipefail
CONNECT_URL=${CONNECT_URL:-http://localhost:8083}
for f in "$(dirname "$0")"/connectors/*.json; do
  name=$(jq -r .name "$f")
  jq .config "$f" | curl -sf -X PUT -H 'Content-Type: application/json' --data @- "$CONNECT_URL/connectors/$name/config"
done
