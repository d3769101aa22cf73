#!/usr/bin/env bash
# Lethe's Fabric network as native processes on 127.0.0.1 (no Docker).
#
#   network.sh up [--bft]      crypto material, channel "lethe", orderers + 4 peers, chaincode
#                              "lethe" as a service (CCaaS), connection profile, then the three
#                              committee member services (`lethe committee serve --org committee<i>`,
#                              each holding only its own share under committee/committee<i>/), a DKG
#                              among them (no process ever holds the trapdoor) and the group key set
#                              on the ledger through governance (committee1's and committee2's admins)
#                              and the block sealer (`lethe ledger sealer --as committee1`: publishes
#                              stay pending until it seals them into live blocks, DESIGN §3)
#   network.sh up --no-committee   the same without member services and without a committee key,
#                              for attack harnesses that play a corrupted committee (e2e/35)
#   network.sh down            stops exactly the processes `up` started (PID files), removes state
#   network.sh status          processes, ports and health of the running network
#   network.sh restart-chaincode   restarts the chaincode server (e.g. after `mvn package`);
#                              no lifecycle change is needed: the CCaaS package only holds its address
#   network.sh upgrade-chaincode   new chaincode definition (sequence+1) with the current
#                              network/collections.json and endorsement policy, then restart
#   network.sh restart NODE    (re)starts one node by name, e.g. after it was killed: orderer<i>,
#                              committee1..3, auditor, chaincode, committee<i>-service (a member
#                              service, with the share it holds) or sealer (a running one is stopped
#                              first); waits until it is healthy; a peer until it is back in gossip
#                              and at the channel height of the other peers; a Raft orderer until
#                              the channel has a leader again
#
# Environment:
#   LETHE_PORT_BASE   first port of this network's range (default 7000). Every port is
#                     base+offset: orderer i 100+i (admin 110+i, operations 120+i), peer j
#                     200+10j (chaincode listener +1, operations +2), chaincode server 300,
#                     committee member service i 350+i.
#                     Two networks with bases >= 400 apart run side by side.
#   LETHE_NETWORK_DIR state folder (default <repo>/.network): crypto, ledgers, logs, PIDs,
#                     connection-profile.json
#   LETHE_CACHE       where install-fabric.sh put the binaries (default ~/.cache/lethe)
#   LETHE_COMMITTEE_JAVA_OPTS   JVM options of each member service (default -Xmx256m -XX:+UseSerialGC)
#   LETHE_APP_JAR     the gateway-app jar the member services run (default gateway-app/target/...)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/test-network-scripts/lib/fabric-pin.sh"

BASE="${LETHE_PORT_BASE:-7000}"
STATE="${LETHE_NETWORK_DIR:-$root/.network}"
CHANNEL=lethe
CC_NAME=lethe
CC_VERSION=1.0
CC_SEQUENCE=1
CC_LABEL="${CC_NAME}_${CC_VERSION}"
# Chaincode-level endorsement: any two of the three committee peers. The auditor only reads,
# FL users have no peer. Redaction keys get stricter state-based endorsement (all committee orgs).
CC_POLICY="OutOf(2,'Committee1MSP.peer','Committee2MSP.peer','Committee3MSP.peer')"
CC_JAR="$root/chaincode/contracts/target/lethe-chaincode-all.jar"
APP_JAR="${LETHE_APP_JAR:-$root/gateway-app/target/lethe-gateway-app.jar}"
COMMITTEE_MEMBERS=(1 2 3)
COMMITTEE_SHARE_THRESHOLD=2   # shares needed for a collision (2 of 3 member services)
COMMITTEE_ENDORSERS=3         # committee orgs whose peers endorse a redaction
HEALTH_TIMEOUT_S="${LETHE_HEALTH_TIMEOUT_S:-90}"
STOP_ON_FAILURE=1   # during `up`, a failure stops everything started; an upgrade leaves the network running

PEERS=(committee1 committee2 committee3 auditor)
declare -A PEER_MSP=([committee1]=Committee1MSP [committee2]=Committee2MSP [committee3]=Committee3MSP [auditor]=AuditorMSP)

CRYPTO="$STATE/crypto"
ORD_DOMAIN=orderer.lethe.local

orderer_port() { echo $((BASE + 100 + $1)); }
orderer_admin_port() { echo $((BASE + 110 + $1)); }
orderer_ops_port() { echo $((BASE + 120 + $1)); }
peer_index() { local i; for i in "${!PEERS[@]}"; do [[ "${PEERS[$i]}" == "$1" ]] && echo "$i" && return; done; return 1; }
peer_port() { echo $((BASE + 200 + 10 * $(peer_index "$1"))); }
peer_cc_port() { echo $((BASE + 201 + 10 * $(peer_index "$1"))); }
peer_ops_port() { echo $((BASE + 202 + 10 * $(peer_index "$1"))); }
chaincode_port() { echo $((BASE + 300)); }
committee_port() { echo $((BASE + 350 + $1)); }

orderer_dir() { echo "$CRYPTO/ordererOrganizations/$ORD_DOMAIN/orderers/orderer$1.$ORD_DOMAIN"; }
orderer_tlsca() { echo "$CRYPTO/ordererOrganizations/$ORD_DOMAIN/tlsca/tlsca.$ORD_DOMAIN-cert.pem"; }
orderer_admin_tls() { echo "$CRYPTO/ordererOrganizations/$ORD_DOMAIN/users/Admin@$ORD_DOMAIN/tls"; }
org_dir() { echo "$CRYPTO/peerOrganizations/$1.lethe.local"; }
peer_dir() { echo "$(org_dir "$1")/peers/peer0.$1.lethe.local"; }
peer_tls_root() { echo "$(peer_dir "$1")/tls/ca.crt"; }
admin_msp() { echo "$(org_dir "$1")/users/Admin@$1.lethe.local/msp"; }

log() { printf 'network: %s\n' "$*" >&2; }
die() { printf 'network: error: %s\n' "$*" >&2; exit 1; }

orderer_count() {
  if [[ "$(cat "$STATE/consensus" 2>/dev/null || echo raft)" == bft ]]; then echo 4; else echo 1; fi
}

all_ports() {
  local n="${1:-4}" i p
  for ((i = 0; i < n; i++)); do orderer_port "$i"; orderer_admin_port "$i"; orderer_ops_port "$i"; done
  for p in "${PEERS[@]}"; do peer_port "$p"; peer_cc_port "$p"; peer_ops_port "$p"; done
  chaincode_port
  for i in "${COMMITTEE_MEMBERS[@]}"; do committee_port "$i"; done
}

port_listener() { ss -ltnpH "sport = :$1" 2>/dev/null | head -1; }

check_ports_free() {
  local p busy=()
  for p in $(all_ports "$1"); do
    [[ -z "$(port_listener "$p")" ]] || busy+=("$p")
  done
  if ((${#busy[@]})); then
    for p in "${busy[@]}"; do log "port $p in use: $(port_listener "$p")"; done
    die "port(s) ${busy[*]} already in use; stop what uses them, or pick another range with LETHE_PORT_BASE (current $BASE)"
  fi
}

check_binaries() {
  local t
  for t in "${FABRIC_TOOLS[@]}"; do
    [[ -x "$FABRIC_BIN/$t" ]] || die "Fabric binary $FABRIC_BIN/$t missing; run test-network-scripts/install-fabric.sh"
  done
  [[ -f "$FABRIC_SAMPLECONFIG/core.yaml" ]] || die "$FABRIC_SAMPLECONFIG missing; run test-network-scripts/install-fabric.sh"
}

# A PID file holds "pid start-time" (field 22 of /proc/pid/stat), so a PID reused by some
# other process after a crash or reboot is never signalled.
proc_start() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }
pid_of() { cut -d' ' -f1 "$1"; }
# Never wipe a folder that network.sh did not create (LETHE_NETWORK_DIR pointing elsewhere).
check_state_dir_is_ours() {
  if [[ -d "$STATE" && -n "$(ls -A "$STATE")" && ! -f "$STATE/port-base" ]]; then
    die "$STATE exists and is not a network.sh state folder; refusing to delete it"
  fi
}

pid_alive() {
  [[ -f "$1" ]] || return 1
  local pid start
  read -r pid start <"$1"
  kill -0 "$pid" 2>/dev/null && [[ -z "$start" || "$(proc_start "$pid")" == "$start" ]]
}

# start NAME ENV... -- CMD...: runs CMD detached with its output in logs/NAME.log.
start_process() {
  local name="$1"; shift
  local envs=()
  while [[ "$1" != "--" ]]; do envs+=("$1"); shift; done
  shift
  mkdir -p "$STATE/logs" "$STATE/pids"
  env "${envs[@]}" nohup "$@" >>"$STATE/logs/$name.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid $(proc_start "$pid")" >"$STATE/pids/$name.pid"
}

fail_node() {
  local name="$1" why="$2"
  log "$name $why; last lines of $STATE/logs/$name.log:"
  tail -n 25 "$STATE/logs/$name.log" 2>/dev/null | sed 's/^/    /' >&2 || true
  if ((STOP_ON_FAILURE)); then
    stop_processes
    die "$name $why (logs kept in $STATE/logs; 'network.sh down' removes them)"
  fi
  die "$name $why (logs in $STATE/logs)"
}

wait_healthy() {
  local name="$1" url="$2" deadline=$((SECONDS + HEALTH_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    pid_alive "$STATE/pids/$name.pid" || fail_node "$name" "exited during start-up"
    curl -sf --max-time 2 "$url" >/dev/null 2>&1 && return 0
    sleep 0.3
  done
  fail_node "$name" "did not become healthy within ${HEALTH_TIMEOUT_S}s ($url)"
}

wait_listening() {
  local name="$1" port="$2" deadline=$((SECONDS + HEALTH_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    pid_alive "$STATE/pids/$name.pid" || fail_node "$name" "exited during start-up"
    [[ -n "$(port_listener "$port")" ]] && return 0
    sleep 0.3
  done
  fail_node "$name" "did not listen on 127.0.0.1:$port within ${HEALTH_TIMEOUT_S}s"
}

stop_processes() {
  local f pid name deadline
  shopt -s nullglob
  local files=("$STATE"/pids/*.pid)
  shopt -u nullglob
  for f in "${files[@]}"; do
    pid_alive "$f" && kill -TERM "$(pid_of "$f")" 2>/dev/null || true
  done
  deadline=$((SECONDS + 15))
  for f in "${files[@]}"; do
    pid="$(pid_of "$f")"; name="$(basename "$f" .pid)"
    while pid_alive "$f" && ((SECONDS < deadline)); do sleep 0.2; done
    if pid_alive "$f"; then
      log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}

# --- configuration ----------------------------------------------------------------------

render_config() {
  local consensus="$1" i
  mkdir -p "$STATE/config"
  cp "$FABRIC_SAMPLECONFIG/orderer.yaml" "$STATE/config/orderer.yaml"
  # No Docker: empty vm.endpoint; the external builder is Lethe's CCaaS builder.
  sed -e 's#^\(\s*endpoint:\) unix:///var/run/docker.sock#\1 ""#' \
    -e "s#^\(\s*path:\) /opt/hyperledger/ccaas_builder#\1 $root/network/ccaas-builder#" \
    "$FABRIC_SAMPLECONFIG/core.yaml" >"$STATE/config/core.yaml"
  export CRYPTO
  for i in 0 1 2 3; do export "ORDERER${i}_PORT=$(orderer_port "$i")"; done
  export COMMITTEE1_PORT="$(peer_port committee1)" COMMITTEE2_PORT="$(peer_port committee2)" \
    COMMITTEE3_PORT="$(peer_port committee3)" AUDITOR_PORT="$(peer_port auditor)"
  envsubst '${CRYPTO} ${ORDERER0_PORT} ${ORDERER1_PORT} ${ORDERER2_PORT} ${ORDERER3_PORT} ${COMMITTEE1_PORT} ${COMMITTEE2_PORT} ${COMMITTEE3_PORT} ${AUDITOR_PORT}' \
    <"$root/network/configtx.yaml" >"$STATE/config/configtx.yaml"
  local profile=LetheRaft
  [[ "$consensus" == bft ]] && profile=LetheBFT
  FABRIC_CFG_PATH="$STATE/config" "$FABRIC_BIN/configtxgen" -profile "$profile" -channelID "$CHANNEL" \
    -outputBlock "$STATE/$CHANNEL.block" >>"$STATE/logs/configtxgen.log" 2>&1 \
    || { tail -n 20 "$STATE/logs/configtxgen.log" >&2; die "configtxgen failed"; }
}

orderer_env() {
  local i="$1" d; d="$(orderer_dir "$i")"
  local cons=()
  [[ "$(cat "$STATE/consensus")" == bft ]] && cons=(ORDERER_CONSENSUS_TYPE=BFT)
  echo FABRIC_CFG_PATH="$STATE/config" \
    FABRIC_LOGGING_SPEC="${LETHE_FABRIC_LOGGING:-grpc=warn:info}" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_LISTENPORT="$(orderer_port "$i")" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
    ORDERER_GENERAL_LOCALMSPDIR="$d/msp" \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$d/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$d/tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$d/tls/ca.crt]" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_FILELEDGER_LOCATION="$STATE/data/orderer$i" \
    ORDERER_CONSENSUS_WALDIR="$STATE/data/orderer$i/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$STATE/data/orderer$i/etcdraft/snap" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$(orderer_ops_port "$i")" \
    ORDERER_METRICS_PROVIDER=prometheus \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$(orderer_admin_port "$i")" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_CERTIFICATE="$d/tls/server.crt" \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$d/tls/server.key" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$d/tls/ca.crt]" \
    "${cons[@]}"
}

peer_env() {
  local p="$1" d; d="$(peer_dir "$p")"
  echo FABRIC_CFG_PATH="$STATE/config" \
    FABRIC_LOGGING_SPEC="${LETHE_FABRIC_LOGGING:-grpc=warn:info}" \
    CORE_PEER_ID="peer0.$p.lethe.local" \
    CORE_PEER_LOCALMSPID="${PEER_MSP[$p]}" \
    CORE_PEER_MSPCONFIGPATH="$d/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$d/tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$d/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$d/tls/ca.crt" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$(peer_port "$p")" \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$p")" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$(peer_cc_port "$p")" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$(peer_cc_port "$p")" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$(peer_port "$p")" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$(peer_port "$p")" \
    CORE_PEER_FILESYSTEMPATH="$STATE/data/$p" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$STATE/data/$p/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$(peer_ops_port "$p")" \
    CORE_METRICS_PROVIDER=prometheus \
    CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s
}

# Environment for `peer` CLI calls as the admin of an org, against that org's peer.
admin_env() {
  local p="$1"
  echo FABRIC_CFG_PATH="$STATE/config" \
    FABRIC_LOGGING_SPEC=warning \
    CORE_PEER_LOCALMSPID="${PEER_MSP[$p]}" \
    CORE_PEER_MSPCONFIGPATH="$(admin_msp "$p")" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_root "$p")" \
    CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$p")"
}

as_admin() {
  local p="$1"; shift
  # shellcheck disable=SC2046
  env $(admin_env "$p") "$FABRIC_BIN/peer" "$@"
}

orderer_args() { echo -o "127.0.0.1:$(orderer_port 0)" --tls --cafile "$(orderer_tlsca)"; }

# --- steps ------------------------------------------------------------------------------

start_orderers() {
  local n="$1" i
  for ((i = 0; i < n; i++)); do
    # shellcheck disable=SC2046
    start_process "orderer$i" $(orderer_env "$i") -- "$FABRIC_BIN/orderer"
  done
  for ((i = 0; i < n; i++)); do
    wait_healthy "orderer$i" "http://127.0.0.1:$(orderer_ops_port "$i")/healthz"
  done
  local tls; tls="$(orderer_admin_tls)"
  for ((i = 0; i < n; i++)); do
    # /healthz can answer before the admin endpoint listens (seen under load): retry a refused dial
    local tries=0
    until "$FABRIC_BIN/osnadmin" channel join --channelID "$CHANNEL" --config-block "$STATE/$CHANNEL.block" \
      -o "127.0.0.1:$(orderer_admin_port "$i")" --ca-file "$(orderer_tlsca)" \
      --client-cert "$tls/client.crt" --client-key "$tls/client.key" >>"$STATE/logs/osnadmin.log" 2>&1; do
      if ((++tries >= 10)) || ! tail -n 3 "$STATE/logs/osnadmin.log" | grep -q "connection refused"; then
        tail -n 5 "$STATE/logs/osnadmin.log" >&2; fail_node "orderer$i" "refused to join channel $CHANNEL"
      fi
      sleep 1
    done
  done
}

start_peers() {
  local p
  for p in "${PEERS[@]}"; do
    # shellcheck disable=SC2046
    start_process "$p" $(peer_env "$p") -- "$FABRIC_BIN/peer" node start
  done
  for p in "${PEERS[@]}"; do
    wait_healthy "$p" "http://127.0.0.1:$(peer_ops_port "$p")/healthz"
  done
  for p in "${PEERS[@]}"; do
    local tries=0
    until as_admin "$p" channel join -b "$STATE/$CHANNEL.block" >>"$STATE/logs/peer-cli.log" 2>&1; do
      ((++tries < 10)) || { tail -n 5 "$STATE/logs/peer-cli.log" >&2; fail_node "$p" "could not join channel $CHANNEL"; }
      sleep 1
    done
  done
}

package_chaincode() {
  local pkg="$STATE/chaincode"
  rm -rf "$pkg"; mkdir -p "$pkg/src"
  cat >"$pkg/src/connection.json" <<EOF
{"address": "127.0.0.1:$(chaincode_port)", "dial_timeout": "10s", "tls_required": false}
EOF
  printf '{"type": "ccaas", "label": "%s"}\n' "$CC_LABEL" >"$pkg/metadata.json"
  tar -C "$pkg/src" -czf "$pkg/code.tar.gz" connection.json
  tar -C "$pkg" -czf "$pkg/$CC_NAME.tar.gz" metadata.json code.tar.gz
  FABRIC_CFG_PATH="$STATE/config" "$FABRIC_BIN/peer" lifecycle chaincode calculatepackageid "$pkg/$CC_NAME.tar.gz" >"$STATE/package-id"
}

ensure_chaincode_jar() {
  if [[ ! -f "$CC_JAR" ]]; then
    log "building the chaincode jar (mvn package)"
    (cd "$root" && mvn -q -B -DskipTests -pl chaincode -am package) >&2 || die "chaincode build failed"
  fi
}

start_chaincode() {
  local pkgid; pkgid="$(cat "$STATE/package-id")"
  start_process chaincode \
    CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(chaincode_port)" \
    CORE_CHAINCODE_ID_NAME="$pkgid" \
    CORE_PEER_TLS_ENABLED=false \
    -- java ${LETHE_CHAINCODE_JAVA_OPTS:--Xmx512m} -jar "$CC_JAR"
  wait_listening chaincode "$(chaincode_port)"
}

install_chaincode() {
  local p
  for p in "${PEERS[@]}"; do
    as_admin "$p" lifecycle chaincode install "$STATE/chaincode/$CC_NAME.tar.gz" >>"$STATE/logs/peer-cli.log" 2>&1 \
      || { tail -n 5 "$STATE/logs/peer-cli.log" >&2; fail_node "$p" "could not install chaincode $CC_LABEL"; }
  done
}

# Approves (every org with a peer) and commits the definition at sequence CC_SEQUENCE.
define_chaincode() {
  local p pkgid; pkgid="$(cat "$STATE/package-id")"
  local common=(--channelID "$CHANNEL" --name "$CC_NAME" --version "$CC_VERSION" --sequence "$CC_SEQUENCE"
    --signature-policy "$CC_POLICY" --collections-config "$root/network/collections.json")
  local pids=()
  for p in "${PEERS[@]}"; do
    # shellcheck disable=SC2046
    as_admin "$p" lifecycle chaincode approveformyorg $(orderer_args) "${common[@]}" \
      --package-id "$pkgid" --waitForEvent >>"$STATE/logs/approve-$p.log" 2>&1 &
    pids+=($!)
  done
  local i
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { tail -n 5 "$STATE/logs/approve-${PEERS[$i]}.log" >&2; fail_node "${PEERS[$i]}" "could not approve chaincode $CC_LABEL"; }
  done
  local targets=()
  for p in "${PEERS[@]}"; do targets+=(--peerAddresses "127.0.0.1:$(peer_port "$p")" --tlsRootCertFiles "$(peer_tls_root "$p")"); done
  # shellcheck disable=SC2046
  as_admin committee1 lifecycle chaincode commit $(orderer_args) "${common[@]}" "${targets[@]}" \
    >>"$STATE/logs/peer-cli.log" 2>&1 \
    || { tail -n 8 "$STATE/logs/peer-cli.log" >&2; fail_node committee1 "could not commit chaincode $CC_NAME sequence $CC_SEQUENCE"; }
  for p in "${PEERS[@]}"; do
    local deadline=$((SECONDS + 30))
    until as_admin "$p" lifecycle chaincode querycommitted --channelID "$CHANNEL" --name "$CC_NAME" >/dev/null 2>&1; do
      ((SECONDS < deadline)) || fail_node "$p" "does not see chaincode $CC_NAME committed"
      sleep 0.3
    done
  done
}

# The gateway finds endorsers through discovery, i.e. gossip membership: wait until every
# peer knows the other three on the channel, or the first submit finds "no combination of peers".
wait_gossip() {
  local p n deadline=$((SECONDS + HEALTH_TIMEOUT_S)) want=$((${#PEERS[@]} - 1))
  for p in "${PEERS[@]}"; do
    while :; do
      n="$(curl -sf --max-time 2 "http://127.0.0.1:$(peer_ops_port "$p")/metrics" 2>/dev/null \
        | sed -n "s/^gossip_membership_total_peers_known{channel=\"$CHANNEL\"} //p")"
      [[ "${n:-0}" -ge "$want" ]] && break
      ((SECONDS < deadline)) || fail_node "$p" "knows ${n:-0} of $want other peers on $CHANNEL after ${HEALTH_TIMEOUT_S}s (gossip)"
      sleep 0.5
    done
  done
}

write_connection_profile() {
  local out="$STATE/connection-profile.json" tmp="$STATE/connection-profile.json.tmp" p i first=1
  {
    printf '{\n  "name": "lethe",\n  "channel": "%s",\n  "chaincode": "%s",\n' "$CHANNEL" "$CC_NAME"
    printf '  "consensus": "%s",\n  "portBase": %d,\n  "peers": [\n' "$(cat "$STATE/consensus")" "$BASE"
    for p in "${PEERS[@]}"; do
      ((first)) || printf ',\n'; first=0
      printf '    {"name": "%s", "mspId": "%s", "endpoint": "127.0.0.1:%d", "hostOverride": "peer0.%s.lethe.local", "tlsRootCert": "%s"}' \
        "$p" "${PEER_MSP[$p]}" "$(peer_port "$p")" "$p" "$(peer_tls_root "$p")"
    done
    printf '\n  ],\n  "orderers": [\n'
    first=1
    for ((i = 0; i < $(orderer_count); i++)); do
      ((first)) || printf ',\n'; first=0
      printf '    {"name": "orderer%d", "mspId": "OrdererMSP", "endpoint": "127.0.0.1:%d", "tlsRootCert": "%s"}' \
        "$i" "$(orderer_port "$i")" "$(orderer_tlsca)"
    done
    printf '\n  ],\n  "identities": [\n'
    first=1
    identity() { # name mspId userDir gatewayPeer
      ((first)) || printf ',\n'; first=0
      local cert; cert="$(ls "$3/msp/signcerts/"*.pem | head -1)"
      printf '    {"name": "%s", "mspId": "%s", "cert": "%s", "keyDir": "%s", "gatewayPeer": "%s"}' \
        "$1" "$2" "$cert" "$3/msp/keystore" "$4"
    }
    for p in "${PEERS[@]}"; do
      identity "$p" "${PEER_MSP[$p]}" "$(org_dir "$p")/users/User1@$p.lethe.local" "$p"
      identity "$p-admin" "${PEER_MSP[$p]}" "$(org_dir "$p")/users/Admin@$p.lethe.local" "$p"
    done
    for i in $(seq 1 14); do
      # FL users have no peer; spread them over the committee peers' gateways.
      identity "user$i" UsersMSP "$(org_dir users)/users/User$i@users.lethe.local" "committee$(( (i - 1) % 3 + 1 ))"
    done
    # the zero-shot provider (DESIGN §7): a UsersMSP client of its own, named by governance (zeroshot.provider)
    identity "provider" UsersMSP "$(org_dir users)/users/User15@users.lethe.local" committee1
    printf '\n  ]\n}\n'
  } >"$tmp"
  mv "$tmp" "$out"
}

# --- committee member services (DESIGN §4) ----------------------------------------------

ensure_app_jar() {
  [[ -f "$APP_JAR" && -d "$(dirname "$APP_JAR")/lib" ]] \
    || die "gateway-app jar missing ($APP_JAR): the committee member services run from it; build it first:
  mvn -B -q -pl gateway-app,chaincode/contracts -am package -DskipTests"
}

# The class-data archive gateway-app/lethe writes at its first run after a build (AppCDS): the
# member services, the sealer and lethe_cli load their classes from it when it is current.
app_cds() {
  local jsa; jsa="$(dirname "$APP_JAR")/lethe.jsa"
  [[ -f "$jsa" && "$jsa" -nt "$APP_JAR" ]] && echo "-Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile=$jsa"
  return 0
}

# lethe CLI against this network (a plain JVM: the launcher script would build on demand).
lethe_cli() {
  env LETHE_NETWORK_DIR="$STATE" LETHE_PORT_BASE="$BASE" LETHE_PROFILE="$STATE/connection-profile.json" \
    java $(app_cds) ${LETHE_CLI_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1} -Dlethe.root="$root" \
    -cp "$APP_JAR:$(dirname "$APP_JAR")/lib/*" io.lethe.cli.Lethe "$@"
}

# One process per committee org, each with only its own state folder (0700; its share 0600),
# listening on 127.0.0.1:BASE+350+i with mutual TLS (the org's peer TLS certificate).
start_committee() {
  local i
  (umask 077 && mkdir -p "$STATE/committee")
  chmod 700 "$STATE/committee"
  for i in "${COMMITTEE_MEMBERS[@]}"; do
    (umask 077 && mkdir -p "$STATE/committee/committee$i")
    start_committee_member "$i"
  done
}

start_committee_member() {
  local i="$1"
  # shellcheck disable=SC2086
  start_process "committee$i-service" \
    LETHE_NETWORK_DIR="$STATE" LETHE_PORT_BASE="$BASE" \
    -- java $(app_cds) ${LETHE_COMMITTEE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC} -Dlethe.root="$root" \
    -cp "$APP_JAR:$(dirname "$APP_JAR")/lib/*" io.lethe.cli.Lethe \
    committee serve --org "committee$i" --state "$STATE/committee/committee$i"
}

# The block sealer (DESIGN §3) as committee1's client: seals pending publishes at once, polls
# every 200 ms when idle. Without a committee key it waits (SealBlock needs one).
start_sealer() {
  # shellcheck disable=SC2086
  start_process sealer \
    LETHE_NETWORK_DIR="$STATE" LETHE_PORT_BASE="$BASE" LETHE_PROFILE="$STATE/connection-profile.json" \
    -- java $(app_cds) ${LETHE_SEALER_JAVA_OPTS:--Xmx192m -XX:+UseSerialGC} -Dlethe.root="$root" \
    -cp "$APP_JAR:$(dirname "$APP_JAR")/lib/*" io.lethe.cli.Lethe ledger sealer --as committee1
}

wait_committee() {
  local i
  for i in "${COMMITTEE_MEMBERS[@]}"; do
    wait_listening "committee$i-service" "$(committee_port "$i")"
  done
}

# DKG among the running services (each writes only its own share), then governance in the same
# JVM: committee1's admin proposes the group key, committee2's admin approves, the chaincode sets it.
committee_key() {
  lethe_cli committee dkg --threshold "$COMMITTEE_SHARE_THRESHOLD" --key-index 0 \
    --set-key --admins committee1-admin,committee2-admin --endorsers "$COMMITTEE_ENDORSERS" \
    >"$STATE/logs/committee-dkg.log" 2>&1 \
    || { tail -n 20 "$STATE/logs/committee-dkg.log" >&2; fail_node committee1-service "DKG among the member services, or governance setting its key, failed"; }
  grep -q '"status" : "EXECUTED"' "$STATE/logs/committee-dkg.log" \
    || { cat "$STATE/logs/committee-dkg.log" >&2; fail_node committee1-service "the committee key proposal was not executed"; }
}

# --- commands ---------------------------------------------------------------------------

cmd_up() {
  local consensus=raft committee=1
  while (($#)); do
    case "$1" in
      --bft) consensus=bft ;;
      --raft) consensus=raft ;;
      --no-committee) committee=0 ;;
      *) die "unknown option for up: $1 (usage: network.sh up [--bft] [--no-committee])" ;;
    esac
    shift
  done
  if compgen -G "$STATE/pids/*.pid" >/dev/null; then
    local f
    for f in "$STATE"/pids/*.pid; do
      pid_alive "$f" && die "a network is already running from $STATE ($(basename "$f" .pid) pid $(pid_of "$f")); run network.sh down first"
    done
  fi
  check_binaries
  command -v java >/dev/null || die "java not found (JDK 17 needed for the chaincode)"
  local n=1; [[ "$consensus" == bft ]] && n=4
  check_ports_free "$n"
  ensure_app_jar
  ensure_chaincode_jar
  local t0=$SECONDS
  check_state_dir_is_ours
  rm -rf "$STATE"; mkdir -p "$STATE/logs" "$STATE/pids"
  # Any failure from here on stops what was started; logs stay for inspection.
  trap 'rc=$?; if ((rc)); then stop_processes; log "up failed; logs kept in $STATE/logs (network.sh down removes them)"; fi' EXIT
  echo "$consensus" >"$STATE/consensus"
  echo "$BASE" >"$STATE/port-base"
  log "crypto material (cryptogen)"
  "$FABRIC_BIN/cryptogen" generate --config "$root/network/crypto-config.yaml" --output "$CRYPTO" \
    >"$STATE/logs/cryptogen.log" 2>&1 || { tail -n 20 "$STATE/logs/cryptogen.log" >&2; die "cryptogen failed"; }
  log "channel $CHANNEL genesis block ($consensus)"
  render_config "$consensus"
  log "starting $n orderer(s) on 127.0.0.1:$(orderer_port 0)..$(orderer_port $((n - 1)))"
  start_orderers "$n"
  log "starting peers ${PEERS[*]} on 127.0.0.1:$(peer_port committee1).."
  start_peers
  # The member services need only the crypto material and the profile (each reads the ledger
  # through its org's peer when asked to sign): their JVMs start while the chaincode is defined.
  write_connection_profile
  if ((committee)); then
    log "committee member services committee1..3 on 127.0.0.1:$(committee_port 1)..$(committee_port 3)"
    start_committee
  fi
  log "chaincode $CC_LABEL as a service on 127.0.0.1:$(chaincode_port)"
  package_chaincode
  start_chaincode
  install_chaincode
  define_chaincode
  echo "$CC_SEQUENCE" >"$STATE/sequence"
  wait_gossip
  if ((committee)); then
    wait_committee
    log "committee DKG among the services; key set through governance (committee1 and committee2 admins)"
    committee_key
  else
    log "no committee member services and no committee key (--no-committee: attack harnesses set their own)"
  fi
  log "block sealer (lethe ledger sealer --as committee1; log $STATE/logs/sealer.log)"
  start_sealer
  sleep 1
  pid_alive "$STATE/pids/sealer.pid" || fail_node sealer "exited during start-up"
  trap - EXIT
  log "up in $((SECONDS - t0))s ($consensus, ports $BASE+100..$BASE+353); profile $STATE/connection-profile.json"
}

cmd_down() {
  if [[ ! -d "$STATE" ]]; then
    log "no network state in $STATE; nothing to stop"
    return 0
  else
    check_state_dir_is_ours
    [[ -f "$STATE/port-base" ]] && BASE="$(cat "$STATE/port-base")"
    stop_processes
    rm -rf "$STATE"
  fi
  local p left=()
  for p in $(all_ports 4); do
    [[ -z "$(port_listener "$p")" ]] || left+=("$p: $(port_listener "$p")")
  done
  if ((${#left[@]})); then
    printf '  %s\n' "${left[@]}" >&2
    die "listeners remain on this network's ports (not started by this state folder?)"
  fi
  log "down (no listener left on ports $BASE+100..$BASE+353)"
}

cmd_status() {
  [[ -d "$STATE/pids" ]] || die "no network running from $STATE"
  [[ -f "$STATE/port-base" ]] && BASE="$(cat "$STATE/port-base")"
  local f name state bad=0
  printf '%-18s %-8s %-6s %s\n' NAME PID STATE HEALTH
  for f in "$STATE"/pids/*.pid; do
    name="$(basename "$f" .pid)"
    if pid_alive "$f"; then state=up; else state=DEAD; bad=1; fi
    local health=-
    case "$name" in
      orderer*) health="$(curl -sf --max-time 2 "http://127.0.0.1:$(orderer_ops_port "${name#orderer}")/healthz" >/dev/null && echo OK || echo FAIL)" ;;
      chaincode) health="$([[ -n "$(port_listener "$(chaincode_port)")" ]] && echo listening || echo FAIL)" ;;
      sealer) health="$(tail -n 1 "$STATE/logs/sealer.log" 2>/dev/null | cut -c1-60)" ;;
      committee*-service)
        local m="${name#committee}"; m="${m%-service}"
        health="$([[ -n "$(port_listener "$(committee_port "$m")")" ]] && echo "listening 127.0.0.1:$(committee_port "$m")" || echo FAIL)" ;;
      *) health="$(curl -sf --max-time 2 "http://127.0.0.1:$(peer_ops_port "$name")/healthz" >/dev/null && echo OK || echo FAIL)" ;;
    esac
    [[ "$health" == FAIL ]] && bad=1
    printf '%-18s %-8s %-6s %s\n' "$name" "$(pid_of "$f")" "$state" "$health"
  done
  echo "consensus: $(cat "$STATE/consensus"); profile: $STATE/connection-profile.json"
  return "$bad"
}

cmd_restart_chaincode() {
  [[ -f "$STATE/package-id" ]] || die "no network running from $STATE"
  [[ -f "$STATE/port-base" ]] && BASE="$(cat "$STATE/port-base")"
  local f="$STATE/pids/chaincode.pid"
  if pid_alive "$f"; then
    kill -TERM "$(pid_of "$f")"
    local deadline=$((SECONDS + 10))
    while pid_alive "$f" && ((SECONDS < deadline)); do sleep 0.2; done
    if pid_alive "$f"; then kill -KILL "$(pid_of "$f")"; fi
  fi
  local deadline=$((SECONDS + 10))
  while [[ -n "$(port_listener "$(chaincode_port)")" ]] && ((SECONDS < deadline)); do sleep 0.2; done
  ensure_chaincode_jar
  start_chaincode
  wait_chaincode_answers
  log "chaincode restarted (pid $(pid_of "$f"))"
}

# A listening chaincode service is not yet one the peers reach: a peer reconnects on its first
# call, and under load that first call can outlast a client's deadline. Ask every committee
# peer for the contract metadata until each answers.
wait_chaincode_answers() {
  local p deadline=$((SECONDS + HEALTH_TIMEOUT_S))
  for p in committee1 committee2 committee3; do
    until as_admin "$p" chaincode query -C "$CHANNEL" -n "$CC_NAME" \
        -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' >/dev/null 2>&1; do
      ((SECONDS < deadline)) || die "the restarted chaincode does not answer $p within ${HEALTH_TIMEOUT_S}s; see $STATE/logs"
      sleep 0.5
    done
  done
}

# New definition (sequence + 1) with the current network/collections.json and CC_POLICY, e.g.
# after adding a collection; the chaincode server is restarted with the current jar.
cmd_upgrade_chaincode() {
  [[ -f "$STATE/sequence" ]] || die "no network running from $STATE"
  [[ -f "$STATE/port-base" ]] && BASE="$(cat "$STATE/port-base")"
  CC_SEQUENCE=$(( $(cat "$STATE/sequence") + 1 ))
  STOP_ON_FAILURE=0
  cmd_restart_chaincode
  trap 'rc=$?; ((rc)) && log "upgrade failed; see $STATE/logs"' EXIT
  define_chaincode
  trap - EXIT
  echo "$CC_SEQUENCE" >"$STATE/sequence"
  log "chaincode $CC_NAME now at sequence $CC_SEQUENCE"
}

# --- restart one node ----------------------------------------------------------------------

stop_node() {
  local f="$STATE/pids/$1.pid" deadline
  pid_alive "$f" || return 0
  kill -TERM "$(pid_of "$f")" 2>/dev/null || true
  deadline=$((SECONDS + 10))
  while pid_alive "$f" && ((SECONDS < deadline)); do sleep 0.2; done
  if pid_alive "$f"; then kill -KILL "$(pid_of "$f")" 2>/dev/null || true; fi
}

channel_height() { as_admin "$1" channel getinfo -c "$CHANNEL" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p'; }

# A restarted peer must know the other peers again (the gateway finds endorsers through gossip)
# and have caught up with the channel (else its endorsements disagree with the others').
wait_peer_rejoined() {
  local p="$1" q n h want deadline=$((SECONDS + HEALTH_TIMEOUT_S))
  while :; do
    n="$(curl -sf --max-time 2 "http://127.0.0.1:$(peer_ops_port "$p")/metrics" 2>/dev/null \
      | sed -n "s/^gossip_membership_total_peers_known{channel=\"$CHANNEL\"} //p")"
    [[ "${n:-0}" -ge $((${#PEERS[@]} - 1)) ]] && break
    ((SECONDS < deadline)) || fail_node "$p" "knows ${n:-0} other peers on $CHANNEL after restart (gossip)"
    sleep 0.5
  done
  for q in "${PEERS[@]}"; do
    [[ "$q" != "$p" ]] && pid_alive "$STATE/pids/$q.pid" && break
  done
  while :; do
    want="$(channel_height "$q")"; h="$(channel_height "$p")"
    [[ -n "$h" && -n "$want" && "$h" -ge "$want" ]] && break
    ((SECONDS < deadline)) || fail_node "$p" "at channel height ${h:-?} after restart, $q at ${want:-?}"
    sleep 0.5
  done
  log "$p rejoined: knows ${n} peers, channel height $h"
}

# A restarted Raft orderer is healthy before it orders again: the cluster must have a leader on the
# channel (a single orderer elects itself only after its election timeout); until then a submit is
# refused with "orderer unavailable". SmartBFT (f = 1) keeps ordering through the other three.
wait_raft_leader() {
  local name="$1" i deadline=$((SECONDS + HEALTH_TIMEOUT_S))
  [[ "$(cat "$STATE/consensus")" == bft ]] && return 0
  while :; do
    for ((i = 0; i < $(orderer_count); i++)); do
      curl -sf --max-time 2 "http://127.0.0.1:$(orderer_ops_port "$i")/metrics" 2>/dev/null \
        | grep -q "^consensus_etcdraft_is_leader{channel=\"$CHANNEL\"} 1" && return 0
    done
    ((SECONDS < deadline)) || fail_node "$name" "no Raft leader on $CHANNEL within ${HEALTH_TIMEOUT_S}s after the restart"
    sleep 0.3
  done
}

cmd_restart() {
  local name="${1:-}"
  [[ -n "$name" ]] || die "usage: network.sh restart NODE (orderer<i>, ${PEERS[*]}, chaincode, committee<i>-service, sealer)"
  [[ -f "$STATE/port-base" ]] || die "no network running from $STATE"
  BASE="$(cat "$STATE/port-base")"
  STOP_ON_FAILURE=0
  case "$name" in
    chaincode) cmd_restart_chaincode ;;
    committee[1-3]-service)
      local m="${name#committee}"; m="${m%-service}"
      [[ -f "$STATE/pids/$name.pid" ]] || die "no $name in this network (up --no-committee?)"
      stop_node "$name"
      # its state folder (the share, written by the DKG) is kept: the member comes back with its share
      start_committee_member "$m"
      wait_listening "$name" "$(committee_port "$m")"
      log "$name restarted (pid $(pid_of "$STATE/pids/$name.pid"))" ;;
    sealer)
      stop_node sealer
      start_sealer
      log "sealer restarted (pid $(pid_of "$STATE/pids/sealer.pid"))" ;;
    orderer[0-9])
      local i="${name#orderer}"
      ((i < $(orderer_count))) || die "no $name in this network ($(orderer_count) orderer(s))"
      stop_node "$name"
      # shellcheck disable=SC2046
      start_process "$name" $(orderer_env "$i") -- "$FABRIC_BIN/orderer"
      wait_healthy "$name" "http://127.0.0.1:$(orderer_ops_port "$i")/healthz"
      wait_raft_leader "$name"
      log "$name restarted (pid $(pid_of "$STATE/pids/$name.pid"))" ;;
    *)
      peer_index "$name" >/dev/null || die "unknown node $name (orderer<i>, ${PEERS[*]}, chaincode)"
      stop_node "$name"
      # shellcheck disable=SC2046
      start_process "$name" $(peer_env "$name") -- "$FABRIC_BIN/peer" node start
      wait_healthy "$name" "http://127.0.0.1:$(peer_ops_port "$name")/healthz"
      wait_peer_rejoined "$name"
      log "$name restarted (pid $(pid_of "$STATE/pids/$name.pid"))" ;;
  esac
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  restart-chaincode) cmd_restart_chaincode ;;
  upgrade-chaincode) cmd_upgrade_chaincode ;;
  restart) shift; cmd_restart "$@" ;;
  *) echo "usage: network.sh up [--bft] | down | status | restart NODE | restart-chaincode | upgrade-chaincode" >&2; exit 2 ;;
esac
