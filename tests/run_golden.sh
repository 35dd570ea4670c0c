#!/bin/sh
# run_golden.sh MLCAP CASE_DIR - runs one golden case: copies CASE_DIR to a
# scratch directory, cd's into it (so paths in output stay relative), runs
# `mlcap $(cat args)` with stdin from `stdin` when present, and compares
# stdout, stderr and the exit code byte for byte with expected/. Any other
# file under expected/ is a report the command writes: expected/PATH is
# compared with PATH in the scratch directory (e.g. expected/out/slack.json
# for --slack out/slack.json; create out/ in a `setup` script).
# MLCAP_GOLDEN_UPDATE=1 rewrites expected/; MLCAP_EXEC_PREFIX wraps the
# command (e.g. "valgrind -q --error-exitcode=99 --leak-check=full").
set -u
unset MLCAP_POLICY # cases name their policy or use the shipped default
unset MLCAP_PRICES
mlcap=$1
case_dir=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cp -R "$case_dir"/. "$tmp"/ || exit 1
cd "$tmp" || exit 1
# Never the user's default price catalog: a case gets a fresh one.
export XDG_DATA_HOME="$tmp/.xdg"
# A case may generate big or binary inputs instead of committing them.
# It gets the mlcap binary as $MLCAP (to build a price catalog, say).
if [ -f setup ]; then
	MLCAP=$mlcap sh ./setup > setup.log 2>&1 ||
		{ echo "setup of $case_dir failed:"; cat setup.log; exit 1; }
fi
args=$(grep -v '^#' args | head -n 1)
[ -f stdin ] || : > stdin
# shellcheck disable=SC2086  # args are split on purpose
LC_ALL=C TZ=UTC NO_COLOR=1 ${MLCAP_EXEC_PREFIX:-} "$mlcap" $args \
	< stdin > actual.stdout 2> actual.stderr
echo $? > actual.exit
reports=$(cd expected 2>/dev/null && find . -type f ! -path ./stdout \
	! -path ./stderr ! -path ./exit | sed 's|^\./||' | LC_ALL=C sort)
if [ "${MLCAP_GOLDEN_UPDATE:-0}" = 1 ]; then
	mkdir -p "$case_dir/expected"
	for f in stdout stderr exit; do
		cp "actual.$f" "$case_dir/expected/$f"
	done
	for f in $reports; do
		if [ -f "$f" ]; then
			cp "$f" "$case_dir/expected/$f"
		else
			echo "$case_dir: $f was not written"
		fi
	done
	echo "updated $case_dir"
	exit 0
fi
status=0
for f in stdout stderr exit; do
	if ! cmp -s "expected/$f" "actual.$f"; then
		echo "golden mismatch in $f of $case_dir:"
		diff -u "expected/$f" "actual.$f" | head -n 60
		status=1
	fi
done
for f in $reports; do
	if [ ! -f "$f" ]; then
		echo "golden mismatch: $case_dir did not write $f"
		status=1
	elif ! cmp -s "expected/$f" "$f"; then
		echo "golden mismatch in $f of $case_dir:"
		diff -u "expected/$f" "$f" | head -n 60
		status=1
	fi
done
exit $status
