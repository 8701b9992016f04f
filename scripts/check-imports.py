#!/usr/bin/env python3
"""Checks the module graph of docs/design.md ("The module graph"); run by `make test`.

  CLI (Sources/galley) on top; GalleyREPL -> GalleyCore + CReadline; Swift plugins (Plugins/<Name>) ->
  GalleyCore and the shared libraries (GalleyText, GalleyRows, C libraries), never another plugin;
  GalleyCore at the bottom, importing no stage, REPL, CLI or readline. Only the REPL imports CReadline.

Also checks what "Writing a Swift stage" (docs/plugins.md) relies on: every folder under Plugins/ with Swift
sources is in Package.swift's `swiftPlugins` (GalleyBuiltins' dependencies) and has a public type of its
name; Sources/GalleyBuiltins names no plugin; and no library or executable target declares a dependency it
never imports (e.g. GRDB declared by a target that does not import it).

Usage: scripts/check-imports.py [REPO]   (prints `file:line: error: ...` and exits 1 on any problem)
"""
import json
import os
import re
import subprocess
import sys

repo = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
os.chdir(repo)

IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|internal|private|fileprivate|package)\s+)?"
                    r"import\s+(?:(?:struct|class|enum|func|protocol|var|let|typealias)\s+)?([A-Za-z_][A-Za-z_0-9]*)")


def swift_files(folder):
    for root, _, files in os.walk(folder):
        for f in sorted(files):
            if f.endswith(".swift"):
                yield os.path.join(root, f)


def imports(folder):
    """(module, file, line) for every import in the Swift files under folder."""
    for path in swift_files(folder):
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                m = IMPORT.match(line)
                if m:
                    yield m.group(1), path, n


def folders(parent):
    return sorted(d for d in os.listdir(parent) if os.path.isdir(os.path.join(parent, d))) if os.path.isdir(parent) else []


plugins = {d for d in folders("Plugins") if any(swift_files(os.path.join("Plugins", d)))}
c_libraries = {d for d in folders("Sources") if d.startswith("C") and os.path.exists(f"Sources/{d}/module.modulemap")}
shared = {"GalleyText", "GalleyRows"}
cli_parser = {"ArgumentParser"}

# For each library folder: the package modules it may import (external packages and the system are allowed
# unless listed in `forbidden_external`).
rules = {
    "Sources/GalleyCore": (set(), "GalleyCore imports no stage, REPL, command line or readline"),
    "Sources/GalleyText": (set(), "GalleyText is a leaf library"),
    "Sources/GalleyRows": ({"GalleyCore"}, "GalleyRows depends on GalleyCore only"),
    "Sources/GalleyRules": ({"GalleyCore", "GalleyText"}, "GalleyRules depends on GalleyCore and GalleyText"),
    "Sources/GalleyTesting": (set(), "GalleyTesting is a leaf library"),
    "Sources/GalleyBuiltins": ({"GalleyCore", "GalleyRules"},
                               "GalleyBuiltins names no plugin: the registry is generated from Package.swift's swiftPlugins"),
    "Sources/GalleyREPL": ({"GalleyCore", "CReadline"}, "the REPL depends on GalleyCore and CReadline"),
}
for p in plugins:
    rules[f"Plugins/{p}"] = ({"GalleyCore"} | shared | (c_libraries - {"CReadline"}),
                             "a plugin imports GalleyCore and shared libraries (GalleyText, GalleyRows, C libraries), never another plugin")
forbidden_external = {k: cli_parser for k in rules if k != "Sources/GalleyREPL"}

package_modules = plugins | c_libraries | {d for d in folders("Sources")}
errors = []


def error(path, line, message):
    errors.append(f"{path}:{line}: error: {message}")


for folder, (allowed, why) in rules.items():
    module = os.path.basename(folder)
    for imported, path, line in imports(folder):
        if imported == module:
            continue
        if imported in package_modules and imported not in allowed:
            kind = "another plugin" if imported in plugins else imported
            error(path, line, f"{module} imports {imported}" + (f", {kind}" if imported in plugins else "") + f" ({why})")
        elif imported in forbidden_external.get(folder, set()):
            error(path, line, f"{module} imports {imported}: only the CLI and the REPL parse command lines")

# Only the REPL links readline: nothing else (the CLI, tests, benchmarks) imports CReadline.
for top in ["Sources", "Plugins", "Tests", "Benchmarks"]:
    for d in folders(top):
        if f"{top}/{d}" == "Sources/GalleyREPL":
            continue
        for imported, path, line in imports(f"{top}/{d}"):
            if imported == "CReadline":
                error(path, line, "only GalleyREPL imports CReadline (the readline version comes from TerminalStyle)")

# Every Swift plugin folder has a public type of its name (what the generated registry reads).
for p in sorted(plugins):
    found = False
    for path in swift_files(f"Plugins/{p}"):
        with open(path, encoding="utf-8") as fh:
            if re.search(rf"^public\s+(?:final\s+)?(?:class|struct|enum)\s+{p}\b", fh.read(), re.M):
                found = True
    if not found:
        error(f"Plugins/{p}", 1, f"plugin {p} has no public type '{p}' with 'stageTypes' (docs/plugins.md)")

# Declared dependencies (Package.swift, as SwiftPM reads it).
try:
    dump = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout)
except (OSError, subprocess.CalledProcessError, json.JSONDecodeError) as e:
    print(f"check-imports: cannot read Package.swift with 'swift package dump-package': {e}", file=sys.stderr)
    sys.exit(1)


def dependency_name(dep):
    for kind in ("byName", "target", "product"):
        if kind in dep:
            return dep[kind][0]
    return None


targets = {t["name"]: t for t in dump["targets"]}
builtins_deps = {dependency_name(d) for d in targets.get("GalleyBuiltins", {}).get("dependencies", [])}
for p in sorted(plugins - builtins_deps):
    error("Package.swift", 1, f"Plugins/{p} has Swift sources but is not in swiftPlugins (GalleyBuiltins does not depend on it)")
for t in dump["targets"]:
    if t["type"] not in ("regular", "executable"):
        continue
    folder = t.get("path") or ("Sources/" + t["name"])
    imported = {m for m, _, _ in imports(folder)}
    if t["name"] == "GalleyBuiltins":
        imported |= plugins  # imported by the generated registry
    for d in t.get("dependencies", []):
        name = dependency_name(d)
        if name and name not in imported:
            error("Package.swift", 1, f"target {t['name']} declares {name} but never imports it")

for e in errors:
    print(e)
if errors:
    print(f"check-imports: {len(errors)} problem(s) in the module graph (docs/design.md, 'The module graph')", file=sys.stderr)
    sys.exit(1)
print(f"check-imports: the module graph is as designed ({len(plugins)} Swift plugins, {len(rules)} libraries checked)")
