#!/usr/bin/env bash
# Stores a buggy variant as changes.patch, a unified diff against the reference solution
# (solutions/src), as GradingRun.overlay and VariantPatchesTest expect it. See README.md here.
#
#   make-patch.sh [--keep-src] [--delete PATH]... VARIANT_DIR
#       The variant is the reference solution, with VARIANT_DIR/changes.patch applied if there is
#       one, then the files of VARIANT_DIR/src laid over it (whole copies of reference classes,
#       changed, or new classes), then every --delete PATH removed (PATH relative to the
#       submission root, e.g. src/main/java/edu/concurrency/queue/ProducerConsumer.java).
#       Writes its difference from the reference to VARIANT_DIR/changes.patch (paths a/src/...
#       and b/src/..., 3 lines of context, new files from /dev/null, deleted ones to /dev/null),
#       checks that the patch applied to a fresh copy of the reference gives the variant byte for
#       byte, and then removes VARIANT_DIR/src (unless --keep-src).
#
#   make-patch.sh --unpack VARIANT_DIR
#       The reverse, to change a variant or to regenerate a patch that no longer applies after
#       the reference changed: writes the reference files the patch changes or creates, patched,
#       to VARIANT_DIR/src and removes changes.patch. Hunks that no longer apply are left in
#       VARIANT_DIR/rejects/**.rej to redo by hand. Edit VARIANT_DIR/src, then run make-patch.sh.
#
# Needs git (git diff --no-index, git apply) and works outside the repository's git data.
set -euo pipefail

usage() {
    sed -n '4,20p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
die() {
    echo "make-patch.sh: $*" >&2
    exit 1
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../../.." && pwd)
reference="$root/solutions/src"
[[ -d "$reference" ]] || die "no reference solution at $reference"
command -v git >/dev/null || die "needs git"

mode=pack
keep_src=false
deletes=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --unpack) mode=unpack; shift ;;
        --keep-src) keep_src=true; shift ;;
        --delete) [[ $# -ge 2 ]] || usage; deletes+=("$2"); shift 2 ;;
        -h|--help) usage ;;
        -*) usage ;;
        *) break ;;
    esac
done
[[ $# -eq 1 ]] || usage
[[ -d "$1" ]] || die "$1 is not a directory"
variant=$(cd "$1" && pwd)
patch="$variant/changes.patch"
name="$(basename "$(dirname "$variant")")/$(basename "$variant")"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/make-patch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# git must not take a repository around the scratch trees for its own.
export GIT_CEILING_DIRECTORIES="$tmp"

# A fresh copy of the reference solution as the submission root $1 (files 0644, as git records them).
fresh_reference() {
    mkdir -p "$1"
    cp -R "$reference" "$1/src"
    find "$1" -type f -exec chmod 0644 {} +
}

# Applies patch $2 in the submission root $1; extra git-apply options follow.
apply() {
    local dir="$1" file="$2"
    shift 2
    (cd "$dir" && git apply --whitespace=nowarn "$@" "$file")
}

if [[ "$mode" == unpack ]]; then
    [[ -f "$patch" ]] || die "$name has no changes.patch"
    [[ ${#deletes[@]} -eq 0 && "$keep_src" == false ]] || usage
    fresh_reference "$tmp/v"
    clean=true
    if ! apply "$tmp/v" "$patch" 2>"$tmp/apply.err"; then
        clean=false
        apply "$tmp/v" "$patch" --reject 2>"$tmp/apply.err" || true
    fi
    # Files the patch leaves in the submission: every "+++ b/PATH"; deleted ones: "--- a/PATH" before "+++ /dev/null".
    unpacked=0
    while IFS= read -r path; do
        [[ -f "$tmp/v/$path" ]] || continue
        [[ ! -e "$variant/$path" ]] || die "$name/$path exists already: move it away first"
        mkdir -p "$(dirname "$variant/$path")"
        cp "$tmp/v/$path" "$variant/$path"
        unpacked=$((unpacked + 1))
    done < <(sed -n 's#^+++ b/\(.*\)$#\1#p' "$patch")
    while IFS= read -r path; do
        echo "the patch deletes $path: pass --delete $path to make-patch.sh"
    done < <(awk '/^--- a\// { from = substr($0, 7) } /^\+\+\+ \/dev\/null/ { print from }' "$patch")
    if [[ "$clean" == false ]]; then
        (cd "$tmp/v" && find . -name '*.rej' -print0) | while IFS= read -r -d '' rej; do
            mkdir -p "$(dirname "$variant/rejects/$rej")"
            cp "$tmp/v/$rej" "$variant/rejects/$rej"
        done
        sed 's/^/  /' "$tmp/apply.err" >&2
        echo "changes.patch no longer applies cleanly to solutions/src: redo the hunks in $name/rejects/ by hand in $name/src, delete $name/rejects/, then run make-patch.sh $1" >&2
    fi
    rm "$patch"
    echo "$name: unpacked $unpacked file(s) to src/ and removed changes.patch; change them, then run make-patch.sh $1"
    exit 0
fi

# --- pack: build the variant, diff it against the reference, check the round trip --------------
if [[ -d "$variant/rejects" ]] || [[ -n "$(find "$variant" -name '*.rej' -print -quit)" ]]; then
    die "$name has unresolved rejected hunks (*.rej, rejects/): redo them by hand in src/ and delete them first"
fi
[[ -f "$patch" || -d "$variant/src" || ${#deletes[@]} -gt 0 ]] || die "$name has neither changes.patch nor src/: nothing to do"
[[ -f "$variant/expected.yaml" ]] || echo "warning: $name has no expected.yaml" >&2

fresh_reference "$tmp/a"
fresh_reference "$tmp/b"
if [[ -f "$patch" ]]; then
    apply "$tmp/b" "$patch" 2>"$tmp/apply.err" || {
        sed 's/^/  /' "$tmp/apply.err" >&2
        die "the existing $name/changes.patch no longer applies to solutions/src: run make-patch.sh --unpack $1 first"
    }
fi
if [[ -d "$variant/src" ]]; then
    cp -R "$variant/src/." "$tmp/b/src/"
    find "$tmp/b" -type f -exec chmod 0644 {} +
fi
for path in "${deletes[@]}"; do
    case "$path" in /*|*..*) die "--delete takes a path inside the submission, like src/main/java/...: $path" ;; esac
    [[ -f "$tmp/b/$path" ]] || die "--delete $path: the variant has no such file"
    rm "$tmp/b/$path"
done
if find "$tmp/b" -name '* *' | grep -q .; then
    die "file names with spaces are not supported"
fi

# git diff --no-index exits 1 when the trees differ, 0 when they do not, and >1 on trouble.
set +e
(cd "$tmp" && git -c core.quotePath=false -c diff.noprefix=false -c diff.mnemonicPrefix=false \
    diff --no-index --no-prefix --no-color --no-ext-diff --no-textconv --no-renames \
    --diff-algorithm=myers -U3 a b) >"$tmp/raw.patch"
status=$?
set -e
[[ $status -ne 0 ]] || die "$name does not differ from the reference solution"
[[ $status -eq 1 ]] || die "git diff failed ($status)"
# With --no-prefix the paths already read a/src/... and b/src/..., but the "diff --git" line of a
# new (deleted) file names the b/ (a/) path twice; "index" lines depend on git's abbreviation: drop them.
sed -E -e 's#^diff --git [ab]/([^ ]+) [ab]/([^ ]+)$#diff --git a/\1 b/\2#' -e '/^index [0-9a-f]+\.\.[0-9a-f]+/d' \
    "$tmp/raw.patch" >"$tmp/changes.patch"

# Round trip: the patch applied to a fresh reference must give the variant byte for byte.
fresh_reference "$tmp/c"
apply "$tmp/c" "$tmp/changes.patch" || die "round trip failed: the new patch does not apply to the reference (kept nothing)"
diff -r "$tmp/b" "$tmp/c" >"$tmp/roundtrip.diff" || {
    cat "$tmp/roundtrip.diff" >&2
    die "round trip failed: the patched reference differs from the variant (kept nothing)"
}

cp "$tmp/changes.patch" "$patch"
if [[ "$keep_src" == false && -d "$variant/src" ]]; then
    rm -rf "$variant/src"
fi
echo "$name: wrote changes.patch (round trip verified)$([[ "$keep_src" == false ]] && echo ", removed src/")"
(cd "$tmp/c" && git apply --stat "$patch") | sed 's/^/  /'
