#!/usr/bin/env bash
# Renames that make the names carry the architecture (issue 13, "Names that carry the architecture"):
#
#   1. core's ports (interfaces that adapters in store, xenapi and netnode implement, and the
#      records only their signatures use) move to io.xenvlan.core.port, so the port
#      (io.xenvlan.core.store) and its adapter (io.xenvlan.store) stop sharing a name;
#   2. store's Transactions.read, which runs INSERTs, UPDATEs and DELETEs, becomes `unstamped`
#      (what it means: a transaction whose changes no network node watches), and its partner
#      `write` becomes `stamped`;
#   3. server/config says Config, its most used word: AuditSettings -> AuditConfig,
#      NetnodeSettings -> NetnodeConfig, Settings (the raw layered values) -> ConfigValues.
#
# Mechanical on purpose: it rewrites imports, qualified names and same-package uses with sed, so it
# also converts files written meanwhile with the old names. Run it from anywhere in the work tree;
# running it again changes nothing. Flyway migrations are never touched (their checksums count).
set -euo pipefail

cd "$(git rev-parse --show-toplevel)"
SELF=scripts/dev/rename-architecture.sh
CORE_MAIN=core/src/main/java/io/xenvlan/core
PORT_DIR=$CORE_MAIN/port
PORT_PKG=io.xenvlan.core.port

# package-of-origin:Type for the ports outside core.store (core.store moves as a whole).
PORTS=(
    hypervisor:HypervisorNetworking
    hypervisor:PoolMachines
    hypervisor:PoolStore
    hypervisor:PoolVerifier
    netnode:NetworkNode
    netnode:NetworkNodeStore
    floating:FloatingStore
    floating:FloatingNodeStore
    guest:GuestStore
)
# the packages ports used to live in (and so may name types of without an import)
ORIGINS=(hypervisor netnode floating guest store)

# Tracked and new (not ignored) text files that may name packages or types; never migrations or this script.
text_files() {
    git ls-files -co --exclude-standard -- '*.java' '*.md' '*.xml' '*.properties' '*.conf' '*.yml' '*.yaml' '*.txt' \
        | grep -v '/db/migration/' | grep -vx "$SELF" || true
}
java_files() { text_files | grep '\.java$' || true; }

# Files containing the fixed string $1 (files listed but gone, e.g. just moved, are skipped).
files_with() { text_files | xargs -r -d '\n' grep -lsF -- "$1" || true; }

# Files declaring `package $1;`.
in_package() { java_files | xargs -r -d '\n' grep -ls "^package ${1//./\\.};" || true; }

# Whether file $1 uses type $2 in code or in a javadoc reference (prose mentions do not count).
uses_type() {
    awk -v t="$2" '
        /^import / { next }
        /^[ \t]*(\*|\/\*|\/\/)/ { if ($0 ~ ("@(link|linkplain|see|throws)[ \t]+" t "([^A-Za-z0-9_]|$)")) found = 1; next }
        $0 ~ ("(^|[^A-Za-z0-9_.])" t "([^A-Za-z0-9_]|$)") { found = 1 }
        END { exit !found }' "$1"
}

# Adds `import $2;` to file $1 unless present, at its sorted place among the non-static imports.
add_import() {
    local file=$1 line="import $2;"
    grep -qxF "$line" "$file" && return 0
    LC_ALL=C awk -v imp="$line" '
        { l[NR] = $0; if ($0 ~ /^import /) last = NR; if ($0 ~ /^package /) pkg = NR }
        END {
            at = 0
            for (i = 1; i <= NR; i++) if (l[i] ~ /^import / && l[i] !~ /^import static/ && l[i] > imp) { at = i; break }
            for (i = 1; i <= NR; i++) {
                if (i == at) print imp
                print l[i]
                if (at == 0 && last > 0 && i == last) print imp
                if (at == 0 && last == 0 && i == pkg) { print ""; print imp }
            }
        }' "$file" > "$file.tmp" && mv "$file.tmp" "$file"
}

# Sorts (C order) and de-duplicates each run of non-static imports of file $1.
sort_imports() {
    LC_ALL=C awk '
        function flush() {
            if (n) { fflush(); cmd = "LC_ALL=C sort -u"; for (i = 1; i <= n; i++) print b[i] | cmd; close(cmd); n = 0 }
        }
        /^import / && !/^import static/ { b[++n] = $0; next }
        { flush(); print }
        END { flush() }' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

# sed -i over every text file containing the fixed string $1.
sed_where() {
    local needle=$1; shift
    files_with "$needle" | xargs -r -d '\n' sed -i "$@"
}

# ---- 1. ports ---------------------------------------------------------------------------------------
mkdir -p "$PORT_DIR"
moves=("${PORTS[@]}")
if [[ -d $CORE_MAIN/store ]]; then
    for f in "$CORE_MAIN"/store/*.java; do
        [[ -f $f && $(basename "$f") != package-info.java ]] && moves+=("store:$(basename "$f" .java)")
    done
fi

for move in "${moves[@]}"; do
    pkg=${move%%:*} type=${move#*:}
    old=$CORE_MAIN/$pkg/$type.java new=$PORT_DIR/$type.java
    if [[ -f $old && ! -f $new ]]; then
        git mv "$old" "$new"
        sed -i "s/^package io\.xenvlan\.core\.$pkg;/package $PORT_PKG;/" "$new"
    fi
    # imports and qualified names (code, javadoc, docs), and source paths in docs
    sed_where "io.xenvlan.core.$pkg.$type" "s/\bio\.xenvlan\.core\.$pkg\.$type\b/$PORT_PKG.$type/g"
    sed_where "io/xenvlan/core/$pkg/$type.java" "s#io/xenvlan/core/$pkg/$type\.java#io/xenvlan/core/port/$type.java#g"
    # the old package's own files (main and test, any module) used it without an import
    in_package "io.xenvlan.core.$pkg" | while read -r f; do
        if uses_type "$f" "$type"; then add_import "$f" "$PORT_PKG.$type"; fi
    done
done

# The ports used their old packages' types without an import; a port needs no import of another port.
for f in $(in_package "$PORT_PKG"); do
    sed -i "/^import ${PORT_PKG//./\\.}\.[A-Za-z0-9_]*;$/d" "$f"
    for pkg in "${ORIGINS[@]}"; do
        [[ -d $CORE_MAIN/$pkg ]] || continue
        for s in "$CORE_MAIN/$pkg"/*.java; do
            [[ -f $s ]] || continue
            sibling=$(basename "$s" .java)
            [[ $sibling == package-info || -f $PORT_DIR/$sibling.java ]] && continue
            grep -qE "^import [a-zA-Z0-9_.]*\.$sibling;" "$f" && continue
            if uses_type "$f" "$sibling"; then add_import "$f" "io.xenvlan.core.$pkg.$sibling"; fi
        done
    done
done

# a rewritten import sits where the old one sorted
for f in $(files_with "import $PORT_PKG."); do
    if [[ $f == *.java ]]; then sort_imports "$f"; fi
done

# core.store is gone once empty; core.port says what it holds
if [[ -f $CORE_MAIN/store/package-info.java && -z $(find "$CORE_MAIN/store" -name '*.java' ! -name package-info.java) ]]; then
    git rm -q "$CORE_MAIN/store/package-info.java"
fi
sed_where "io.xenvlan.core.store" "s/\bio\.xenvlan\.core\.store\b/$PORT_PKG/g"
if [[ ! -f $PORT_DIR/package-info.java ]]; then
    cat > "$PORT_DIR/package-info.java" <<'EOF'
/**
 * core's ports: the interfaces core calls and adapters in other modules implement (the stores in
 * {@code store}, the pool driver in {@code xenapi}, the network node in {@code netnode}), and the
 * records only their signatures use. Interfaces and records only; the use cases that call them live
 * beside the VLAN manager ({@code manager}, {@code hypervisor}, {@code floating}, {@code netnode}).
 */
package io.xenvlan.core.port;
EOF
    git add "$PORT_DIR/package-info.java"
fi

# ---- 2. Transactions: names that say what the transaction does --------------------------------------
for f in $(in_package io.xenvlan.store); do
    sed -i -e 's/\b\(tx\|transactions()\)\.read(/\1.unstamped(/g' \
           -e 's/\b\(tx\|transactions()\)\.write(/\1.stamped(/g' \
           -e 's/\bTransactions#read\b/Transactions#unstamped/g' -e 's/\bTransactions#write\b/Transactions#stamped/g' "$f"
done
TX=store/src/main/java/io/xenvlan/store/Transactions.java
if [[ -f $TX ]]; then
    sed -i -e 's/<T> T read(Work<T> work)/<T> T unstamped(Work<T> work)/' \
           -e 's/<T> T write(Work<T> work/<T> T stamped(Work<T> work/' \
           -e 's/return write(work, /return stamped(work, /' "$TX"
fi
sed_where "Transactions.read" 's/\bTransactions\.read\b/Transactions.unstamped/g'
sed_where "Transactions.write" 's/\bTransactions\.write\b/Transactions.stamped/g'

# ---- 3. server/config: Config, not Settings ---------------------------------------------------------
CONFIG_MAIN=server/src/main/java/io/xenvlan/server/config
CONFIG_TEST=server/src/test/java/io/xenvlan/server/config
rename_file() { [[ -f $1 && ! -f $2 ]] && git mv "$1" "$2" || true; }
rename_file "$CONFIG_MAIN/AuditSettings.java" "$CONFIG_MAIN/AuditConfig.java"
rename_file "$CONFIG_MAIN/NetnodeSettings.java" "$CONFIG_MAIN/NetnodeConfig.java"
rename_file "$CONFIG_MAIN/Settings.java" "$CONFIG_MAIN/ConfigValues.java"
rename_file "$CONFIG_TEST/FloatingSettingsTest.java" "$CONFIG_TEST/FloatingConfigTest.java"
sed_where "AuditSettings" 's/\bAuditSettings\b/AuditConfig/g'
sed_where "NetnodeSettings" 's/\bNetnodeSettings\b/NetnodeConfig/g'
sed_where "FloatingSettingsTest" 's/\bFloatingSettingsTest\b/FloatingConfigTest/g'
# Settings is package-private: only server/config names it. Code lines only; prose keeps the word.
for f in $(in_package io.xenvlan.server.config); do
    sed -i -E '/^\s*(\*|\/\*|\/\/)/!s/(^|[^A-Za-z0-9_."])Settings\b([^"]|$)/\1ConfigValues\2/g' "$f"
    sed -i -E 's/\{@link Settings\b/{@link ConfigValues/g' "$f"
done
echo "rename-architecture: done"
