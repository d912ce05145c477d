"""Checks pirlint's SARIF, JUnit, JSON, GitLab and rdjson outputs with their
consumers' tools.

Run by validate.sh, which installs the tools. Exits non-zero on the first
failed check; prints what was checked.
"""

import argparse
import json
import pathlib
import subprocess
import sys
from collections import Counter

import jsonschema
import junitparser

REPO = pathlib.Path(__file__).resolve().parents[2]
checks = 0


def ok(what):
    global checks
    checks += 1
    print(f"ok: {what}")


def fail(what):
    print(f"FAILED: {what}", file=sys.stderr)
    sys.exit(1)


def run_pirlint(pirlint, args, cwd=REPO):
    proc = subprocess.run([pirlint, *args], cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in (0, 1, 2):
        fail(f"pirlint {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


def schema_errors(validator_cls, schema, instance):
    validator = validator_cls(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def validate_case(name, paths, extra, opts, work):
    pirlint = opts.pirlint
    out = work / name
    out.mkdir(parents=True, exist_ok=True)
    outputs = {}
    for fmt in ("json", "sarif", "junit", "gitlab", "rdjson"):
        proc = run_pirlint(pirlint, ["check", *paths, *extra, "--format", fmt])
        (out / f"out.{fmt}").write_text(proc.stdout)
        outputs[fmt] = proc.stdout
    diagnostics_doc = json.loads(outputs["json"])
    diags = diagnostics_doc["diagnostics"]

    # --format json against its own schema.
    schema = json.loads((REPO / "schemas/diagnostics.schema.json").read_text())
    errors = schema_errors(jsonschema.Draft202012Validator, schema, diagnostics_doc)
    if errors:
        fail(f"{name}: --format json does not follow schemas/diagnostics.schema.json: {errors[:5]}")
    ok(f"{name}: --format json follows schemas/diagnostics.schema.json ({len(diags)} diagnostics)")

    # SARIF: the multitool's validator (SARIF rules + GitHub ingestion rules).
    sarif_path = out / "out.sarif"
    log_path = out / "multitool-validation.sarif"
    proc = subprocess.run(
        [opts.multitool, "validate", str(sarif_path), "--output", str(log_path),
         "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"],
        capture_output=True, text=True)
    if proc.returncode != 0 or not log_path.exists():
        fail(f"{name}: the SARIF multitool failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
    results = json.loads(log_path.read_text())["runs"][0].get("results", [])
    levels = Counter(r.get("level", "warning") for r in results)
    errors = [r for r in results if r.get("level", "warning") == "error"]
    if errors:
        fail(f"{name}: the SARIF multitool reports errors:\n{proc.stdout}")
    ok(f"{name}: SARIF multitool validate (rule kinds Sarif;Gh) reports no errors "
       f"(warnings {levels.get('warning', 0)}, notes {levels.get('note', 0)})")
    if levels:
        print(proc.stdout)

    # SARIF: the 2.1.0 JSON schema.
    sarif = json.loads(outputs["sarif"])
    sarif_schema = json.loads(pathlib.Path(opts.sarif_schema).read_text())
    errors = schema_errors(jsonschema.Draft4Validator, sarif_schema, sarif)
    if errors:
        fail(f"{name}: SARIF does not follow the SARIF 2.1.0 schema: {errors[:5]}")
    ok(f"{name}: SARIF follows the SARIF 2.1.0 JSON schema")

    # SARIF says what the JSON says.
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    if len(run["results"]) != len(diags):
        fail(f"{name}: {len(run['results'])} SARIF results, {len(diags)} JSON diagnostics")
    for r, d in zip(run["results"], diags):
        region = r["locations"][0]["physicalLocation"]["region"]
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if (r["ruleId"], region["startLine"], region["startColumn"]) != (
                d["rule"], d["primary"]["start"]["line"], d["primary"]["start"]["column"]):
            fail(f"{name}: SARIF result {r} does not match JSON diagnostic {d}")
        if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
            fail(f"{name}: ruleIndex of {r['ruleId']} points at {rules[r['ruleIndex']]['id']}")
        if uri != d["path"].replace(" ", "%20"):
            fail(f"{name}: uri {uri} for path {d['path']}")
        if "pirlint/v1" not in r["partialFingerprints"] or "primaryLocationLineHash" not in r["partialFingerprints"]:
            fail(f"{name}: result without fingerprints: {r}")
    fingerprints = [r["partialFingerprints"]["pirlint/v1"] for r in run["results"]]
    if len(set(fingerprints)) != len(fingerprints):
        fail(f"{name}: duplicate pirlint/v1 fingerprints")
    if len(run["invocations"][0]["toolExecutionNotifications"]) != len(diagnostics_doc["errors"]):
        fail(f"{name}: unreadable files are not all notifications")
    ok(f"{name}: SARIF results match the JSON diagnostics one for one (rule, uri, line, column, ruleIndex, unique fingerprints)")

    # JUnit XML with junitparser; counts agree with the JSON.
    xml = junitparser.JUnitXml.fromfile(str(out / "out.junit"))
    suites = list(xml)
    summary = diagnostics_doc["summary"]
    if len(suites) != summary["reports"] + summary["unreadable_files"]:
        fail(f"{name}: {len(suites)} testsuites for {summary['reports']} reports + {summary['unreadable_files']} unreadable")
    expected = Counter((d["path"], d["rule"]) for d in diags)
    failing, errored, total = {}, 0, 0
    for suite in suites:
        for case in suite:
            total += 1
            for result in case.result:
                if isinstance(result, junitparser.Failure):
                    lines = [l for l in (result.text or "").splitlines() if not l.startswith("    help:")]
                    failing[(case.classname, case.name)] = len(lines)
                elif isinstance(result, junitparser.Error):
                    errored += 1
    if failing != dict(expected):
        fail(f"{name}: JUnit failures {failing} != JSON (path, rule) counts {dict(expected)}")
    if errored != summary["unreadable_files"]:
        fail(f"{name}: {errored} JUnit errors for {summary['unreadable_files']} unreadable files")
    xml.update_statistics()
    if xml.failures != len(expected) or xml.tests != total:
        fail(f"{name}: JUnit totals {xml.tests}/{xml.failures} disagree with its test cases")
    ok(f"{name}: JUnit XML parses with junitparser; {len(suites)} suites, {total} testcases, "
       f"{len(expected)} failing with {sum(expected.values())} findings, {errored} errors, as in the JSON")

    validate_gitlab(name, json.loads(outputs["gitlab"]), diags)
    validate_rdjson(name, out / "out.rdjson", json.loads(outputs["rdjson"]), diags, opts)


def validate_gitlab(name, issues, diags):
    """GitLab Code Quality: the schema written from GitLab's documentation,
    unique fingerprints (GitLab keeps one issue per fingerprint), and one
    issue per JSON diagnostic."""
    schema = json.loads((REPO / "schemas/gitlab-codequality.schema.json").read_text())
    errors = schema_errors(jsonschema.Draft202012Validator, schema, issues)
    if errors:
        fail(f"{name}: --format gitlab does not follow schemas/gitlab-codequality.schema.json: {errors[:5]}")
    prints = [i["fingerprint"] for i in issues]
    if len(set(prints)) != len(prints):
        fail(f"{name}: --format gitlab has duplicate fingerprints")
    severity = {"error": "major", "warning": "minor", "info": "info"}
    if len(issues) != len(diags):
        fail(f"{name}: {len(issues)} GitLab issues, {len(diags)} JSON diagnostics")
    for i, d in zip(issues, diags):
        if (i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"], i["severity"]) != (
                d["rule"], d["path"], d["primary"]["start"]["line"], severity[d["severity"]]):
            fail(f"{name}: GitLab issue {i} does not match JSON diagnostic {d}")
    ok(f"{name}: --format gitlab follows schemas/gitlab-codequality.schema.json; {len(issues)} issues match "
       f"the JSON diagnostics (rule, path, line, severity), fingerprints unique")


def byte_column(path, line, column):
    """The 1-based UTF-8 byte column of a 1-based character column."""
    text = (REPO / path).read_bytes().decode("utf-8").split("\n")[line - 1]
    return len(text[:column - 1].encode("utf-8")) + 1


def validate_rdjson(name, path, doc, diags, opts):
    """rdjson: the schema written from reviewdog's proto, an independent
    validator, and positions in UTF-8 bytes matching the JSON's characters."""
    schema = json.loads((REPO / "schemas/rdjson.schema.json").read_text())
    errors = schema_errors(jsonschema.Draft202012Validator, schema, doc)
    if errors:
        fail(f"{name}: --format rdjson does not follow schemas/rdjson.schema.json: {errors[:5]}")
    ok(f"{name}: --format rdjson follows schemas/rdjson.schema.json")
    proc = subprocess.run([opts.rdformat_validator, "--strict", "--no-extra-fields", str(path)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        fail(f"{name}: rdformat-validator rejects --format rdjson ({proc.returncode}): {proc.stdout}{proc.stderr}")
    ok(f"{name}: rdformat-validator --strict --no-extra-fields accepts --format rdjson")
    rd = doc["diagnostics"]
    if len(rd) != len(diags):
        fail(f"{name}: {len(rd)} rdjson diagnostics, {len(diags)} JSON diagnostics")
    non_ascii = 0
    for r, d in zip(rd, diags):
        start, end = r["location"]["range"]["start"], r["location"]["range"]["end"]
        expected = {
            "start": {"line": d["primary"]["start"]["line"],
                      "column": byte_column(d["path"], d["primary"]["start"]["line"], d["primary"]["start"]["column"])},
            "end": {"line": d["primary"]["end"]["line"],
                    "column": byte_column(d["path"], d["primary"]["end"]["line"], d["primary"]["end"]["column"])},
        }
        if (r["code"]["value"], r["location"]["path"], r["severity"]) != (d["rule"], d["path"], d["severity"].upper()) \
                or {"start": start, "end": end} != expected:
            fail(f"{name}: rdjson diagnostic {r} does not match JSON diagnostic {d} (expected range {expected})")
        non_ascii += start["column"] != d["primary"]["start"]["column"]
        single_edit = [f for f in d.get("fixes", []) if len(f["edits"]) == 1]
        if len(r.get("suggestions", [])) != len(single_edit):
            fail(f"{name}: {len(r.get('suggestions', []))} suggestions for {len(single_edit)} single-edit fixes: {r}")
    suggestions = sum(len(r.get("suggestions", [])) for r in rd)
    ok(f"{name}: rdjson diagnostics match the JSON ones (rule, path, severity, ranges in UTF-8 bytes: "
       f"{non_ascii} differ from character columns; {suggestions} suggestions)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pirlint", required=True)
    parser.add_argument("--multitool", required=True)
    parser.add_argument("--sarif-schema", required=True)
    parser.add_argument("--rdformat-validator", required=True)
    parser.add_argument("--work", required=True)
    opts = parser.parse_args()
    work = pathlib.Path(opts.work) / "validate"

    validate_case("examples", ["examples/"], [], opts, work)

    # Fixes, secondary labels, a non-ASCII column, a space in a path and an
    # unreadable file, through the fixture-fix test plugin.
    extra = work / "extra-reports"
    extra.mkdir(parents=True, exist_ok=True)
    (extra / "with fixes.md").write_text(
        "---\ntitle: Ünïcode TODO TODO\n---\n# Summary\n\nçé FIXME and TODO.\n")
    (extra / "latin1.md").write_bytes(b"# Caf\xe9\n")
    plugin = str(REPO / "tests/plugins/dist/fixture-fix.wasm")
    validate_case("fixture-fix", [str(extra.relative_to(REPO))], ["--plugin", plugin], opts, work)

    validate_model(opts)

    print(f"{checks} passed, 0 failed")


def validate_model(opts):
    """`pirlint parse --format json` against schemas/model.schema.json, on the
    examples, the style fixtures and the timeline fixtures."""
    files = sorted(str(p.relative_to(REPO)) for d in ("examples", "tests/fixtures-styles", "tests/fixtures/timeline")
                   for p in (REPO / d).rglob("*.md") if p.name != "README.md")
    proc = run_pirlint(opts.pirlint, ["parse", "--format", "json", *files])
    if proc.returncode != 0:
        fail(f"pirlint parse failed ({proc.returncode}): {proc.stderr}")
    doc = json.loads(proc.stdout)
    schema = json.loads((REPO / "schemas/model.schema.json").read_text())
    errors = schema_errors(jsonschema.Draft202012Validator, schema, doc)
    if errors:
        fail(f"pirlint parse --format json does not follow schemas/model.schema.json: {errors[:5]}")
    entries = sum(len(r["timeline"]) for r in doc["reports"])
    ok(f"parse: --format json follows schemas/model.schema.json ({len(doc['reports'])} reports, {entries} timeline entries)")


if __name__ == "__main__":
    main()
