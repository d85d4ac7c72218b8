#!/usr/bin/env bash
# Prints the Secret "ficus" that deployment.yaml reads, with a newly generated admin token, for
# kubectl to apply:
#
#   UNLEASH_API_TOKEN='default:production.<client token>' \
#   UNLEASH_ADMIN_TOKEN='*:*.<admin token>' \
#   FICUS_EVIDENCE_URL='jdbc:postgresql://postgres:5432/ficus' \
#   FICUS_EVIDENCE_PASSWORD='<password>' \
#     deploy/kubernetes/create-secret.sh | kubectl apply -f -
#
# FICUS_EVIDENCE_USERNAME is optional (default ficus). The values come from the environment, not from
# arguments, so they never show in the process list. The admin token is 32 random bytes (hex), from
# openssl, else /dev/urandom; it is printed nowhere else: read it back with
#   kubectl get secret ficus -o jsonpath='{.data.admin-token}' | base64 -d
# Running the script again makes a new admin token (a rotation: restart the pods to take it).
set -euo pipefail

missing=()
for name in UNLEASH_API_TOKEN UNLEASH_ADMIN_TOKEN FICUS_EVIDENCE_URL FICUS_EVIDENCE_PASSWORD; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "create-secret.sh: set ${missing[*]} (see the top of this script for an example)" >&2
  exit 2
fi
for name in UNLEASH_API_TOKEN UNLEASH_ADMIN_TOKEN FICUS_EVIDENCE_URL FICUS_EVIDENCE_USERNAME \
  FICUS_EVIDENCE_PASSWORD; do
  case "${!name:-}" in
    *$'\n'*)
      echo "create-secret.sh: $name holds a line break; give it on one line" >&2
      exit 2
      ;;
  esac
done

if command -v openssl >/dev/null 2>&1; then
  admin_token="$(openssl rand -hex 32)"
else
  admin_token="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
fi
[ ${#admin_token} -eq 64 ] || {
  echo "create-secret.sh: could not generate the admin token (openssl or /dev/urandom)" >&2
  exit 1
}

# A YAML single-quoted scalar: every ' doubled.
quote() {
  printf "'%s'" "${1//\'/\'\'}"
}

cat <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: ficus
  labels:
    app.kubernetes.io/name: ficus
type: Opaque
stringData:
  admin-token: $(quote "$admin_token")
  unleash-api-token: $(quote "$UNLEASH_API_TOKEN")
  unleash-admin-token: $(quote "$UNLEASH_ADMIN_TOKEN")
  evidence-url: $(quote "$FICUS_EVIDENCE_URL")
  evidence-username: $(quote "${FICUS_EVIDENCE_USERNAME:-ficus}")
  evidence-password: $(quote "$FICUS_EVIDENCE_PASSWORD")
YAML
