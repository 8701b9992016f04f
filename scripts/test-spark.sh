#!/usr/bin/env bash
# test-spark.sh: contrib/spark/galley_pipe.py in PySpark local mode (local[2]) must write the same documents as a
# plain `galley run` of the same pipeline over the same inputs: seeds/ and a folder of the other formats made here
# (a Windows-1252 text, a gzipped web page, JSON lines without ids, a JSON array, a .warc.gz, a file that fails,
# files the walk passes over). Compared as canonical JSON (keys sorted), sorted by id. Then the same job with
# --format parquet over seeds/ is read back and compared.
#
# Usage: scripts/test-spark.sh [GALLEY_BIN]   (make test runs it with .build/debug/galley)
# PySpark 3.5.3 is installed from PyPI into .build/spark-venv on first use; Java 17 must be on PATH. Where either is
# missing the test says so and is skipped (exit 0); GALLEY_REQUIRE_SPARK=1 makes a skip a failure.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
repo=$PWD
abspath() { [[ $1 = /* ]] && echo "$1" || echo "$caller/$1"; }
galley=$(abspath "${1:-.build/debug/galley}")
venv=${SPARK_VENV:-.build/spark-venv}
[[ $venv = /* ]] || venv=$repo/$venv
pyspark_version=3.5.3

skip() {
  echo "spark test skipped: $1"
  [[ ${GALLEY_REQUIRE_SPARK:-0} = 1 ]] && { echo "error: GALLEY_REQUIRE_SPARK=1 and the spark test could not run" >&2; exit 1; }
  exit 0
}
[[ -x $galley ]] || { echo "error: no galley binary at $galley (swift build --product galley)" >&2; exit 1; }
command -v java >/dev/null || skip "no java on PATH (PySpark needs Java 17: apt-get install openjdk-17-jre-headless)"
java -version >/dev/null 2>&1 || skip "java -version fails: $(java -version 2>&1 | head -1)"
if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$pyspark_version')" 2>/dev/null; then
  echo "spark test: installing pyspark==$pyspark_version into $venv"
  log=$(mktemp "${TMPDIR:-/tmp}/galley-spark-venv.XXXXXX")
  python3 -m venv "$venv" >"$log" 2>&1 || skip "python3 -m venv $venv failed: $(tail -1 "$log")"
  "$venv/bin/pip" install -q --disable-pip-version-check "pyspark==$pyspark_version" >"$log" 2>&1 \
    || skip "pip install pyspark==$pyspark_version failed: $(tail -1 "$log")"
  rm -f "$log"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/galley-spark-test.XXXXXX")
[[ ${KEEP_WORK:-0} = 1 ]] && echo "work: $work" || trap 'rm -rf "$work"' EXIT
start=$(date +%s)

# The other formats, each with text of its own (the same text twice would be a duplicate in one run and not in two
# partitions: see docs/scale.md).
extra=$work/extra
mkdir -p "$extra/sub" "$extra/pages" "$extra/.hidden"
printf 'Caf\xe9 owners protest new rent rules\n\nLYON, 3 March 2024\n\nOwners of caf\xe9s in the old town said on Sunday that the new rules would cost them \x80120 a month.\n\n\x93We cannot pay it,\x94 said Marie Dubois, who runs a bistro.\n' >"$extra/sub/cp1252.txt"
cat >"$extra/pages/harbour.html" <<'EOF'
<!doctype html><html><head><meta charset="utf-8"><title>Ferry service to resume after storm | Coast News</title>
<meta property="og:title" content="Ferry service to resume after storm"></head><body><nav>Home | News</nav>
<article><h1>Ferry service to resume after storm</h1><p>By Tom Ellis</p><p>Ferries between the mainland and the islands will run again on Friday, three days after Storm Darragh closed the route, the operator said.</p>
<p>"We expect a full timetable by the weekend," said Anna Reid, a spokeswoman for the company. About 4,000 passengers were affected.</p></article>
<footer>© Coast News</footer></body></html>
EOF
python3 scripts/make_warc.py "$extra/pages" "$extra/crawl.warc.gz" >/dev/null
rm -r "$extra/pages"
python3 - "$extra" <<'EOF'
import gzip, json, sys
d = sys.argv[1]
page = ("<!doctype html><html><head><title>Library opens late on Thursdays</title></head><body><article>"
        "<h1>Library opens late on Thursdays</h1><p>The central library will stay open until 9pm on Thursdays from "
        "April, the council said on Monday.</p><p>“People asked for evenings,” said Joan Hart, the librarian.</p>"
        "</article></body></html>")
open(f"{d}/sub/library.html.gz", "wb").write(gzip.compress(page.encode(), mtime=0))
lines = [{"title": "Bridge repairs finish early", "text": "Repairs to the old bridge finished two weeks early, engineers said on Tuesday.\n\nThe bridge reopens to cars on 12 May."},
         {"html": "<html><body><article><h1>Market moves to the square</h1><p>The Saturday market will move to the main square in June, traders said on Wednesday after a vote.</p><p>About 60 stalls will take part, ten more than last year.</p></article></body></html>", "url": "https://example.org/market"},
         {"id": 42, "text": "A numbered wire story about rainfall, which was 30% above average in April."}]
with open(f"{d}/wire.jsonl", "w") as f:
    f.write(json.dumps(lines[0]) + "\n\n" + json.dumps(lines[1]) + "\r\n" + json.dumps(lines[2]))
json.dump([{"title": "Two new bus routes", "text": "Two new bus routes start on Monday, the transport authority said."},
           {"title": "School roof fixed", "text": "The roof of the primary school has been fixed after the winter storms."}],
          open(f"{d}/sub/briefs.json", "w"))
open(f"{d}/sub/broken.txt", "wb").write(b"binary\0data\0" * 10)
open(f"{d}/README.txt", "w").write("about this corpus\n")
open(f"{d}/.hidden/secret.txt", "w").write("not read\n")
open(f"{d}/notes.csv", "w").write("a,b\n")
EOF

# The plain run (exit 3: broken.txt fails, as it does in the Spark run).
GALLEY_OUT=$work/plain "$galley" run Pipelines/news.yaml seeds "$extra" --quiet 2>"$work/plain.err" || [[ $? = 3 ]] \
  || { cat "$work/plain.err" >&2; exit 1; }

export PYSPARK_PYTHON=$venv/bin/python PYSPARK_DRIVER_PYTHON=$venv/bin/python SPARK_LOCAL_IP=127.0.0.1
submit=("$venv/bin/spark-submit" --master 'local[2]' --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false
        --driver-java-options "-Dlog4j2.configurationFile=file:$work/log4j2.properties"
        --files "$galley,Pipelines/news.yaml")
printf 'rootLogger.level = error\nrootLogger.appenderRef.stderr.ref = console\nappender.console.type = Console\nappender.console.name = console\nappender.console.target = SYSTEM_ERR\nappender.console.layout.type = PatternLayout\nappender.console.layout.pattern = %%d{HH:mm:ss} %%p %%c{1}: %%m%%n\n' >"$work/log4j2.properties"
run_spark() { # log, then spark-submit arguments
  local log=$1; shift
  if ! "${submit[@]}" "$@" >"$log" 2>&1; then
    echo "error: spark-submit $* failed:" >&2; grep -v '^\s*at \|^[0-9/]* [0-9:]* WARN' "$log" | tail -40 >&2; exit 1
  fi
}
run_spark "$work/jsonl.log" contrib/spark/galley_pipe.py --pipeline news.yaml --partitions 3 seeds "$extra" "$work/spark-jsonl"
grep '^galley_pipe:' "$work/jsonl.log"

passed=0 failed=0
check() { # name, then the command that checks
  local name=$1; shift
  if "$@"; then echo "PASS $name"; passed=$((passed + 1)); else echo "FAIL $name"; failed=$((failed + 1)); fi
}
compare() { # plain JSONL, Spark output folder (or - to read parquet), label
  "$venv/bin/python" - "$@" <<'EOF'
import glob, json, sys
plain_path, spark_dir = sys.argv[1], sys.argv[2]
def canonical(lines):
    docs = sorted((json.loads(l) for l in lines if l.strip()), key=lambda d: d["id"])
    return [json.dumps(d, sort_keys=True, ensure_ascii=False) for d in docs]
plain = canonical(open(plain_path, encoding="utf-8"))
spark = canonical(l for f in sorted(glob.glob(spark_dir + "/part-*")) for l in open(f, encoding="utf-8"))
if plain == spark:
    print(f"  {len(spark)} documents, equal to the plain run's")
    sys.exit(0)
a = {json.loads(d)["id"]: json.loads(d) for d in plain}
b = {json.loads(d)["id"]: json.loads(d) for d in spark}
print(f"  plain run: {len(a)} documents, Spark: {len(b)}")
for i in sorted(set(a) | set(b)):
    if i not in b: print(f"  missing from Spark: {i} {a[i]['source']['path']}")
    elif i not in a: print(f"  only in Spark: {i} {b[i]['source']['path']}")
    elif a[i] != b[i]:
        print(f"  differs: {i} {a[i]['source']['path']}: " + ", ".join(k for k in sorted(set(a[i]) | set(b[i])) if a[i].get(k) != b[i].get(k)))
sys.exit(1)
EOF
}
expect_count() { # file, count
  [[ $(wc -l <"$1") -eq $2 ]] || { echo "  expected $2 documents in $1, found $(wc -l <"$1")"; return 1; }
}
# 9 seeds + cp1252.txt, library.html.gz, 3 JSON lines, 2 array objects, 1 WARC page; broken.txt fails in both.
check "plain run reads every format (17 documents)" expect_count "$work/plain/news.jsonl" 17
check "spark jsonl output equals the plain run (ids, source, fields)" compare "$work/plain/news.jsonl" "$work/spark-jsonl"
check "spark job reports the failed document" grep -q '^galley_pipe: 14 files, 17 documents written to .*, 1 failed' "$work/jsonl.log"
check "spark job passes over README, hidden and unlisted files" \
  grep -q '^galley_pipe: passed over 1 files (corpus documentation)' "$work/jsonl.log"

# Parquet: the same job over seeds/, read back by Spark and compared with the plain run over seeds/.
GALLEY_OUT=$work/plain-seeds "$galley" run Pipelines/news.yaml seeds --quiet
run_spark "$work/parquet.log" contrib/spark/galley_pipe.py --pipeline news.yaml --format parquet seeds "$work/spark-parquet"
cat >"$work/read_parquet.py" <<'EOF'
import sys
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
spark.read.parquet(sys.argv[1]).write.json(sys.argv[2])
EOF
run_spark "$work/read.log" "$work/read_parquet.py" "$work/spark-parquet" "$work/parquet-as-json"
parquet_ids() { # Parquet drops nothing a plain run wrote: same ids, titles, texts and sentence counts.
  "$venv/bin/python" - "$@" <<'EOF'
import glob, json, sys
def key(d): return (d["id"], d["source"]["path"], d.get("title"), d["text"], len(d.get("sentences", [])), d.get("stats", {}).get("words"))
plain = sorted(key(json.loads(l)) for l in open(sys.argv[1], encoding="utf-8"))
parquet = sorted(key(json.loads(l)) for f in glob.glob(sys.argv[2] + "/part-*") for l in open(f, encoding="utf-8"))
print(f"  {len(parquet)} rows read back from Parquet, {len(plain)} documents in the plain run")
sys.exit(0 if plain == parquet and len(plain) == 9 else 1)
EOF
}
check "spark parquet output holds the plain run's documents" parquet_ids "$work/plain-seeds/news.jsonl" "$work/parquet-as-json"

echo "spark test: $(( $(date +%s) - start )) s"
echo "spark: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
