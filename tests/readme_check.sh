#!/bin/sh
# readme_check.sh MLCAP REPO - every block in README.md marked
# <!-- readme-example: ARGS --> must be exactly what `mlcap ARGS` prints
# when run from the repository root, so the README never goes stale.
set -u
mlcap=$1
repo=$2
cd "$repo" || exit 1
status=0
n=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# A fresh default price catalog, built from this tree's seed.
export XDG_DATA_HOME="$tmp/xdg"
unset MLCAP_PRICES
grep -n '<!-- readme-example: ' README.md | while IFS=: read -r line rest; do
	args=$(echo "$rest" | sed 's/.*readme-example: \(.*\) -->.*/\1/')
	# The fenced block starts on the next line and ends at the next fence.
	tail -n +"$((line + 2))" README.md | sed '/^```$/,$d' > "$tmp/want"
	# shellcheck disable=SC2086
	LC_ALL=C NO_COLOR=1 "$mlcap" $args > "$tmp/got" 2>/dev/null
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		echo "README example 'mlcap $args' is stale:"
		diff -u "$tmp/want" "$tmp/got" | head -n 40
		echo fail > "$tmp/failed"
	fi
	n=$((n + 1))
	echo "checked: mlcap $args"
done
[ -f "$tmp/failed" ] && status=1
exit $status
