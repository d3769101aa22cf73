# Fabric release Lethe builds and runs (sourced by install-fabric.sh and network.sh).
# DESIGN §2 asks for v3.1.5; the Go module proxy available here refuses every Fabric
# version after v3.1.1 (403 "not available"), so Lethe pins v3.1.1. Moving to a newer
# release is a change of these three lines (plus `go mod tidy` in network/fabric-bin).
FABRIC_VERSION="${FABRIC_VERSION:-3.1.1}"
FABRIC_COMMIT="${FABRIC_COMMIT:-435a7f1a780a}"
FABRIC_PSEUDO_VERSION="${FABRIC_PSEUDO_VERSION:-v1.4.0-rc1.0.20250510200036-435a7f1a780a}"

LETHE_CACHE="${LETHE_CACHE:-$HOME/.cache/lethe}"
FABRIC_HOME="$LETHE_CACHE/fabric-$FABRIC_VERSION-$FABRIC_COMMIT"
FABRIC_BIN="$FABRIC_HOME/bin"
FABRIC_SAMPLECONFIG="$FABRIC_HOME/sampleconfig"
FABRIC_TOOLS=(peer orderer configtxgen cryptogen osnadmin configtxlator)
