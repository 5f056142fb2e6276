#!/usr/bin/env bash
# Makes a self-signed certificate set for trying Maildriver's TLS ports (gateway, dashboard, and the silo links,
# where the machines require each other's certificate): one private certificate authority (ca.crt, ca.key) and,
# for each machine, MACHINE.crt and MACHINE.key signed by it, naming the machine's host (a DNS name or an IP
# address) so clients can check it, and good for both ends of a TLS connection (serverAuth and clientAuth).
#
#   deploy/tls/make-self-signed.sh [--out DIR] [--days N] MACHINE=HOST [MACHINE=HOST ...]
#   deploy/tls/make-self-signed.sh --out deploy/local/tls MD1=127.0.0.1 MD2=127.0.0.1 MD3=127.0.0.1
#
# Then in cluster.json:  "tls": { "certificate": "tls/{machine}.crt", "key": "tls/{machine}.key", "authority": "tls/ca.crt" }
# and on clients:        maildriver --gateway https://HOST:PORT --ca-file DIR/ca.crt ...
# For trials only: a real site uses certificates from its own or a public authority. Needs openssl.
set -euo pipefail

usage() {
  echo "usage: $0 [--out DIR] [--days N] MACHINE=HOST [MACHINE=HOST ...]" >&2
  exit 2
}

out=tls
days=365
pairs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || usage; out=$2; shift 2 ;;
    --days) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -ge 1 ]] || { echo "$0: --days needs a whole number of days, at least 1" >&2; exit 2; }; days=$2; shift 2 ;;
    -h|--help) usage ;;
    *=*) pairs+=("$1"); shift ;;
    *) echo "$0: '$1' is not MACHINE=HOST" >&2; usage ;;
  esac
done
[[ ${#pairs[@]} -gt 0 ]] || { echo "$0: name at least one MACHINE=HOST" >&2; usage; }
command -v openssl >/dev/null || { echo "$0: openssl is not installed (apt-get install -y openssl)" >&2; exit 1; }

# Check every argument before writing anything: a bad one must leave the folder as it was.
for pair in "${pairs[@]}"; do
  machine=${pair%%=*}
  host=${pair#*=}
  [[ "$machine" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "$0: machine name '$machine' may hold only letters, digits, '.', '_' and '-'" >&2; exit 2; }
  [[ -n "$host" && "$host" =~ ^[A-Za-z0-9.:-]+$ ]] || { echo "$0: host '$host' of $machine is not a host name or address" >&2; exit 2; }
done

mkdir -p "$out"
umask 077
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if [[ ! -f "$out/ca.crt" || ! -f "$out/ca.key" ]]; then
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$out/ca.key" -sha256 -days "$days" -subj "/CN=Maildriver trial CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$out/ca.crt"
  echo "made $out/ca.crt (give it to every server and every client) and $out/ca.key (keep it private, off the servers)"
fi

for pair in "${pairs[@]}"; do
  machine=${pair%%=*}
  host=${pair#*=}
  if [[ "$host" =~ ^[0-9.]+$ || "$host" == *:* ]]; then san="IP:$host"; else san="DNS:$host"; fi
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/$machine.key" 2>/dev/null
  openssl req -new -key "$out/$machine.key" -subj "/CN=$host" -out "$scratch/$machine.csr"
  printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" > "$scratch/$machine.ext"
  openssl x509 -req -in "$scratch/$machine.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
    -days "$days" -sha256 -extfile "$scratch/$machine.ext" -out "$out/$machine.crt" 2>/dev/null
  echo "made $out/$machine.crt and $out/$machine.key for $host"
done
chmod 644 "$out"/*.crt
