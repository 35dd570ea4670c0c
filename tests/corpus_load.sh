#!/bin/sh
# corpus_load.sh MLCAP CORPUS - every real-world manifest in ../shared/corpus
# (and its _malformed/ part) must load without a crash: mlcap may report
# input errors (exit 2) but must never die of a signal or a sanitizer.
# Skips (exit 77) when the shared corpus is absent.
set -u
mlcap=$1
corpus=$2
if [ ! -d "$corpus" ]; then
	echo "SKIP: $corpus not found; the shared corpus is not present"
	exit 77
fi
fail=0
# Whole corpus in one process, then each file on its own.
${MLCAP_EXEC_PREFIX:-} "$mlcap" inventory --format json "$corpus" \
	> /dev/null 2>&1
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
	echo "FAIL: whole corpus: exit $rc"
	fail=1
fi
n=0
for f in $(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \
	-o -name '*.json' \) | LC_ALL=C sort); do
	"$mlcap" inventory --format json "$f" > /dev/null 2>&1
	rc=$?
	n=$((n + 1))
	if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
		echo "FAIL: $f: exit $rc"
		fail=1
	fi
done
echo "loaded $n files one by one and the corpus as a whole"
exit $fail
