#!/usr/bin/env bash
# Usage: check-plugin-recipe.sh
# Follows docs/plugins.md "Writing a Swift stage" literally: copies the repository (its tracked and new files, not
# .build) into a scratch folder, writes each code block marked `<!-- recipe: FILE -->` where the mark says (a new
# file, or for "Package.swift swiftPlugins" one more entry at the end of that list), builds galley there and runs
# `galley stages enrich.shout` and a pipeline that uses the stage, checking what it wrote. Nothing else is edited, so
# if the recipe needs a step it does not name, this fails. The scratch folder (GALLEY_RECIPE_DIR, default
# /tmp/galley-recipe-check) keeps its .build between runs, so only the first run builds everything.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${GALLEY_RECIPE_DIR:-/tmp/galley-recipe-check}
mkdir -p "$work"
# A fresh copy of the sources; the build folder stays.
find "$work" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} +
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && { mkdir -p "$work/$(dirname "$f")"; cp -p "$f" "$work/$f"; }
done)

python3 - "$repo/docs/plugins.md" "$work" <<'EOF'
import os, re, sys
doc, work = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
blocks = re.findall(r"<!-- recipe: (.+?) -->\n```swift\n(.*?)```", doc, re.S)
if len(blocks) < 2:
    sys.exit("check-plugin-recipe: docs/plugins.md has fewer than two 'recipe:' code blocks")
for target, code in blocks:
    if target == "Package.swift swiftPlugins":
        path = os.path.join(work, "Package.swift")
        text = open(path, encoding="utf-8").read()
        start = text.index("let swiftPlugins: [SwiftPlugin] = [\n")
        end = text.index("\n]\n", start) + 1
        text = text[:end] + code + text[end:]
        open(path, "w", encoding="utf-8").write(text)
        print(f"recipe: one entry added to swiftPlugins: {code.strip()}")
    else:
        path = os.path.join(work, target)
        if os.path.exists(path):
            sys.exit(f"check-plugin-recipe: {target} already exists; the recipe must add a new plugin")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w", encoding="utf-8").write(code)
        print(f"recipe: wrote {target} ({code.count(chr(10))} lines)")
EOF

cd "$work"
echo "recipe: swift build --product galley in $work"
if ! swift build --product galley > recipe-build.log 2>&1; then
  grep -E "error" recipe-build.log | head -20
  echo "check-plugin-recipe: FAILED: galley does not build with the recipe's plugin (log: $work/recipe-build.log)"
  exit 1
fi
grep -E "Compiling Shout|Build complete" recipe-build.log || true
echo "recipe: galley stages enrich.shout"
.build/debug/galley stages enrich.shout
mkdir -p shout-in out
cp seeds/000_f33259cb4be8492d.txt shout-in/
cat > shout.yaml <<'YAML'
pipeline: shout
input: { path: shout-in }
stages:
  - use: ingest.files
  - use: extract.article
  - use: enrich.shout
    with: { suffix: "!!" }
  - id: write
    use: output.jsonl
    with: { path: out/shout.jsonl }
YAML
.build/debug/galley run shout.yaml --quiet
python3 - <<'EOF'
import json, sys
doc = json.loads(open("out/shout.jsonl", encoding="utf-8").readline())
want = doc["title"].upper() + "!!"
if doc.get("shout") != want:
    sys.exit(f"check-plugin-recipe: FAILED: shout is {doc.get('shout')!r}, expected {want!r}")
print(f"recipe: the pipeline wrote shout = {doc['shout']!r}")
EOF
echo "check-plugin-recipe: the recipe of docs/plugins.md works as written"
