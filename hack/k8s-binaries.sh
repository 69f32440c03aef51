#!/usr/bin/env bash
# Obtain the control-plane binaries (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, kwok) at one pinned release.
#
# Order of preference:
#   1. $KUBEBUILDER_ASSETS, if it holds every binary (setup-envtest layout, flat dir)
#   2. the version-keyed cache  ~/.cache/betterdb-entitlement/k8s/<key>/bin
#   3. a build from the Go module proxy into that cache
#
# Prints the directory holding the binaries on the last line of stdout.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
KWOK_VERSION="${KWOK_VERSION:-0.8.0}"
KEY="k8s-v${K8S_VERSION}_etcd-v${ETCD_VERSION}_kwok-v${KWOK_VERSION}"
CACHE_ROOT="${BETTERDB_CACHE:-$HOME/.cache/betterdb-entitlement}"
DEST="$CACHE_ROOT/k8s/$KEY/bin"
NEEDED=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)

log() { echo "[k8s-binaries $(date +%H:%M:%S)] $*" >&2; }

# `k8s-binaries.sh stages`: print the directory of kwok's stage files (from its Go module),
# fetching them if needed. Kept apart from the binaries so $KUBEBUILDER_ASSETS users get them too.
STAGES="$CACHE_ROOT/k8s/kwok-v${KWOK_VERSION}-stages"
if [[ "${1:-}" == "stages" ]]; then
  if [[ ! -f "$STAGES/pod/fast/pod-ready.yaml" ]]; then
    log "fetching kwok v$KWOK_VERSION stage files"
    moddir=$(cd "${TMPDIR:-/tmp}" && GOFLAGS= go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" \
             | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
    mkdir -p "$STAGES"
    cp -r "$moddir/kustomize/stage/." "$STAGES/"
    chmod -R u+w "$STAGES"
  fi
  echo "$STAGES"; exit 0
fi

have_all() {
  local dir="$1" b
  for b in "${NEEDED[@]}"; do [[ -x "$dir/$b" ]] || return 1; done
}

if [[ -n "${KUBEBUILDER_ASSETS:-}" ]] && have_all "$KUBEBUILDER_ASSETS"; then
  log "using \$KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS"
  echo "$KUBEBUILDER_ASSETS"; exit 0
fi
if have_all "$DEST"; then
  echo "$DEST"; exit 0
fi

mkdir -p "$DEST"
WORK="$CACHE_ROOT/k8s/$KEY/src"
mkdir -p "$WORK"
START=$(date +%s)
export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
LDBASE='-s -w'

# ---------------------------------------------------------------- kubernetes
build_kubernetes() {
  local d="$WORK/kubernetes" mod
  mkdir -p "$d"
  log "resolving k8s.io/kubernetes v$K8S_VERSION"
  mod=$(cd "$d" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  local minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
  {
    echo "module betterdb.local/k8s-wrapper"
    echo
    grep -E '^go [0-9]' "$mod"
    grep -E '^godebug ' "$mod" || true
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    echo "replace ("
    # every staging module => its published v0.<minor>.<patch>
    grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging/src/k8s\.io/[a-z0-9-]+' "$mod" \
      | awk -v v="v0.${K8S_VERSION#*.}" '{print "\t" $1 " => " $1 " " v}'
    echo ")"
  } >"$d/go.mod"
  : >"$d/go.sum"
  cat >"$d/tools.go" <<'GO'
package wrapper
GO
  local ld="$LDBASE -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  local c
  for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    [[ -x "$DEST/$c" ]] && { log "$c already built"; continue; }
    log "building $c (cold builds take minutes)"
    (cd "$d" && go build -trimpath -tags selinux,notest,grpcnotrace -ldflags "$ld" \
        -o "$DEST/$c.tmp" "k8s.io/kubernetes/cmd/$c") && mv "$DEST/$c.tmp" "$DEST/$c"
    log "built $c"
  done
}

# ---------------------------------------------------------------- etcd
build_etcd() {
  [[ -x "$DEST/etcd" ]] && { log "etcd already built"; return; }
  local d="$WORK/etcd"
  mkdir -p "$d"
  cat >"$d/go.mod" <<MOD
module betterdb.local/etcd-wrapper

go 1.26.0

require go.etcd.io/etcd/server/v3 v$ETCD_VERSION

replace (
	go.etcd.io/etcd/api/v3 => go.etcd.io/etcd/api/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/pkg/v3 => go.etcd.io/etcd/client/pkg/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/v3 => go.etcd.io/etcd/client/v3 v$ETCD_VERSION
	go.etcd.io/etcd/pkg/v3 => go.etcd.io/etcd/pkg/v3 v$ETCD_VERSION
)
MOD
  : >"$d/go.sum"
  echo "package wrapper" >"$d/tools.go"
  log "building etcd v$ETCD_VERSION"
  (cd "$d" && go build -trimpath -ldflags "$LDBASE" -o "$DEST/etcd.tmp" go.etcd.io/etcd/server/v3) \
    && mv "$DEST/etcd.tmp" "$DEST/etcd"
  log "built etcd"
}

# ---------------------------------------------------------------- kwok
build_kwok() {
  [[ -x "$DEST/kwok" ]] && { log "kwok already built"; return; }
  local d="$WORK/kwok"
  mkdir -p "$d"
  log "building kwok v$KWOK_VERSION"
  (cd "$d" && GOFLAGS=-buildvcs=false GOBIN="$d/bin" go install -trimpath -ldflags "$LDBASE" \
      "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION") && cp "$d/bin/kwok" "$DEST/kwok"
  log "built kwok"
}

build_etcd
build_kwok
build_kubernetes

have_all "$DEST" || { log "some binaries are missing in $DEST"; exit 1; }
log "cold build finished in $(( $(date +%s) - START )) s"
echo "$DEST"
