#!/usr/bin/env bash
# Makes the cluster's TLS material with openssl: a CA of its own and one member certificate (serverAuth + clientAuth)
# signed by it, which every silo and API node presents (SessionCluster:Tls). Writes into DIR:
#   ca.crt  ca.key  tls.crt  tls.key
# Keep ca.key offline (it signs new members); the cluster needs only ca.crt, tls.crt and tls.key.
#
#   deploy/k8s/cluster-tls.sh DIR                      # make the files
#   deploy/k8s/cluster-tls.sh DIR NAMESPACE            # ... and create the Secret sessioncluster-tls there (kubectl)
#
# Settings (environment): DAYS (member validity, default 397), CA_DAYS (default 3650), NAME (member name, default
# sessioncluster). An existing ca.crt/ca.key in DIR is reused, so running it again renews the member certificate.
set -euo pipefail

dir=${1:?usage: $0 DIR [NAMESPACE]}
namespace=${2:-}
days=${DAYS:-397}
ca_days=${CA_DAYS:-3650}
name=${NAME:-sessioncluster}
mkdir -p "$dir"
umask 077

if [ ! -s "$dir/ca.key" ] || [ ! -s "$dir/ca.crt" ]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days "$ca_days" \
    -subj "/CN=$name cluster CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
  -subj "/CN=$name" -keyout "$dir/tls.key" -out "$dir/tls.csr" 2>/dev/null
extensions=$(mktemp)
trap 'rm -f "$extensions" "$dir/tls.csr" "$dir/ca.srl"' EXIT
cat > "$extensions" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:$name
EXT
openssl x509 -req -in "$dir/tls.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -sha256 -days "$days" \
  -extfile "$extensions" -out "$dir/tls.crt" 2>/dev/null
chmod 0644 "$dir/ca.crt" "$dir/tls.crt"
echo "made $dir/tls.crt (valid $days days) signed by $dir/ca.crt"

if [ -n "$namespace" ]; then
  kubectl -n "$namespace" create secret generic sessioncluster-tls \
    --from-file=ca.crt="$dir/ca.crt" --from-file=tls.crt="$dir/tls.crt" --from-file=tls.key="$dir/tls.key" \
    --dry-run=client -o yaml | kubectl apply -f -
fi
