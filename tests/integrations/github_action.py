"""Runs the GitHub Action (action.yml) locally against a fixture repository.

Called by github-action.sh, which installs the SARIF tools and builds the
wheel. Each case runs the action's steps with action_runner.py: pirlint is
pip-installed from the wheel into $RUNNER_TEMP (no index, no Rust on PATH),
then checked with the case's inputs. Asserts the step outcome, the outputs,
the SARIF log (SARIF multitool validator with GitHub's ingestion rules, the
SARIF 2.1.0 schema, results on the right files), the annotations printed
and the job summary.
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import jsonschema

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from action_runner import run_action  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
passed = 0


def ok(what):
    global passed
    passed += 1
    print(f"ok: {what}")


def fail(what, log=None):
    if log is not None:
        print(log.read_text(), file=sys.stderr)
    print(f"FAILED: {what}", file=sys.stderr)
    sys.exit(1)


def validate_sarif(path, opts, case, multitool=True):
    if not path.is_file() or path.stat().st_size == 0:
        fail(f"{case}: no SARIF log at {path}")
    sarif = json.loads(path.read_text())
    schema = json.loads(pathlib.Path(opts.sarif_schema).read_text())
    errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(sarif)]
    if errors:
        fail(f"{case}: {path.name} does not follow the SARIF 2.1.0 schema: {errors[:5]}")
    if not multitool:
        return sarif["runs"][0]["results"]
    log_path = path.with_name(path.name + ".validation.json")
    proc = subprocess.run([opts.multitool, "validate", str(path), "--output", str(log_path),
                           "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"],
                          capture_output=True, text=True)
    if proc.returncode != 0 or not log_path.exists():
        fail(f"{case}: the SARIF multitool failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
    results = json.loads(log_path.read_text())["runs"][0].get("results", [])
    if any(r.get("level", "warning") == "error" for r in results):
        fail(f"{case}: the SARIF multitool reports errors:\n{proc.stdout}")
    log_path.unlink()
    return sarif["runs"][0]["results"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheels", required=True, help="the directory holding the pirlint wheel")
    parser.add_argument("--multitool", required=True)
    parser.add_argument("--sarif-schema", required=True)
    opts = parser.parse_args()
    wheels = pathlib.Path(opts.wheels)
    wheel_file = next(wheels.glob("pirlint-*.whl"))

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="pirlint-action-"))
    try:
        # The fixture repository.
        fixture = tmp / "repo"
        for src, dest in [("examples/faulty/2026-06-cdn-outage.md", "reports/cdn-outage.md"),
                          ("examples/clean/2026-03-credential-stuffing.md", "reports/credential-stuffing.md"),
                          ("examples/faulty/2026-02-phishing-no-frontmatter.md", "drafts/phishing.md")]:
            (fixture / dest).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / src, fixture / dest)
        (fixture / "ci").mkdir()
        (fixture / "ci/strict.toml").write_text(
            'extends = ["pirlint:recommended"]\n\n[policy]\nfail-on = "warning"\n')
        subprocess.run(["git", "init", "-q", "-b", "main", str(fixture)], check=True)

        # No Rust on PATH: only python3 (to make the venv) and the system.
        bindir = tmp / "bin"
        bindir.mkdir()
        (bindir / "python3").symlink_to(pathlib.Path(sys.executable).resolve())
        path = os.pathsep.join([str(bindir), "/usr/bin", "/bin"])
        for tool in ("cargo", "rustc", "rustup", "pirlint"):  # pirlint: only the one the action installs
            if shutil.which(tool, path=path):
                fail(f"{tool} is on the test PATH {path}")
        base_env = {k: v for k, v in os.environ.items()
                    if k.startswith(("PIRLINT_CACHE", "HOME", "LANG", "LC_", "TMPDIR"))}
        base_env.update(PATH=path, PIRLINT_NOW="2026-07-01T00:00:00Z", NO_COLOR="1",
                        PIP_DISABLE_PIP_VERSION_CHECK="1")
        version = subprocess.run(["awk", "-F\"", '/^\\[workspace.package\\]/{p=1} p && /^version = /{print $2; exit}',
                                  str(REPO / "Cargo.toml")], capture_output=True, text=True, check=True).stdout.strip()

        def run_case(name, inputs, installed=None):
            runner_temp = tmp / f"runner-{name}"
            runner_temp.mkdir()
            summary = tmp / f"summary-{name}.md"
            summary.write_text("")
            log = tmp / f"log-{name}.txt"
            for f in fixture.glob("**/*.sarif"):
                f.unlink()
            with log.open("w") as out:
                env = dict(base_env, RUNNER_TEMP=str(runner_temp))
                if installed:  # the check step alone, with a venv an earlier case installed
                    env["PATH"] = os.pathsep.join([str(installed), env["PATH"]])
                result = run_action(REPO, inputs, fixture, env, summary, out,
                                    only={"check"} if installed else None)
            return result, log.read_text(), summary.read_text(), log

        # 1. Defaults, a faulty and a clean report, wheel from a directory.
        result, text, summary, log = run_case("faulty", {"paths": "reports", "wheel": str(wheels)})
        install, check = result["steps"][0], result["steps"][-1]
        if install["status"] != 0:
            fail("faulty: the install step failed", log)
        venv_bin = tmp / "runner-faulty/pirlint-venv/bin"
        if f"installed pirlint {version} in {venv_bin.parent}" not in text:
            fail(f"faulty: the install step did not install pirlint {version} into $RUNNER_TEMP/pirlint-venv", log)
        ok(f"install step: pirlint {version} pip-installed from the wheel directory into $RUNNER_TEMP/pirlint-venv "
           "(version from Cargo.toml, no index, no Rust on PATH), added to GITHUB_PATH")
        if result["conclusion"] != "failure" or check["status"] != 1 or result["outputs"] != {
                "sarif-file": "pirlint.sarif", "exit-code": "1"}:
            fail(f"faulty: expected the check step to fail with exit-code 1, got {result}", log)
        results = validate_sarif(fixture / "pirlint.sarif", opts, "faulty")
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        if uris != {"reports/cdn-outage.md"}:
            fail(f"faulty: SARIF results on {uris}, expected only reports/cdn-outage.md")
        ok(f"faulty: the check step fails (exit-code 1); pirlint.sarif validates (SARIF multitool Sarif;Gh, "
           f"SARIF 2.1.0 schema) with {len(results)} results, all on reports/cdn-outage.md")
        annotations = [l for l in text.splitlines()
                       if l.startswith(("::error file=", "::warning file=", "::notice file="))]
        if len(annotations) != len(results) or not any(
                l.startswith("::error file=reports/cdn-outage.md,") and "title=blameless/named-blame" in l
                for l in annotations):
            fail(f"faulty: {len(annotations)} annotations for {len(results)} findings, or no blameless/named-blame error", log)
        if "| location | severity | rule | message |" not in summary or "reports/cdn-outage.md" not in summary:
            fail("faulty: more warnings than GitHub annotates, but no table in GITHUB_STEP_SUMMARY", log)
        ok(f"faulty: {len(annotations)} annotations printed (::error file=reports/cdn-outage.md,... "
           "title=blameless/named-blame among them), every finding in the job summary")

        # 2. Warnings only; paths one per line; SARIF in a subdirectory; wheel as a file.
        paths = "drafts/phishing.md\n  reports/credential-stuffing.md\n"
        sarif_name = "out/pirlint results.sarif"
        result, text, summary, log = run_case("warnings", {"paths": paths, "wheel": str(wheel_file), "sarif-file": sarif_name})
        if result["conclusion"] != "success" or result["outputs"] != {"sarif-file": sarif_name, "exit-code": "0"}:
            fail(f"warnings: expected success with exit-code 0, got {result}", log)
        results = validate_sarif(fixture / sarif_name, opts, "warnings")
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        if not results or uris != {"drafts/phishing.md"}:
            fail(f"warnings: SARIF results on {uris}")
        if not any(l.startswith("::warning file=drafts/phishing.md,") for l in text.splitlines()):
            fail("warnings: no ::warning annotation", log)
        ok(f"warnings only, default fail level: the step passes (exit-code 0); wheel input as a file, paths one per line, "
           f"'{sarif_name}' validates ({len(results)} results), ::warning annotations printed")

        # 3-5: the check step alone, with the venv case 1 installed.
        # 3. The fail-level input.
        result, _, _, log = run_case("fail-level", {"paths": paths, "fail-level": "warning"}, venv_bin)
        if result["conclusion"] != "failure" or result["outputs"]["exit-code"] != "1":
            fail(f"fail-level: warning should fail on warnings, got {result}", log)
        validate_sarif(fixture / "pirlint.sarif", opts, "fail-level", multitool=False)
        ok("fail-level: warning fails the step on the same warnings (exit-code 1), SARIF still written (schema-valid)")

        # 4. The config input (a policy with fail-on = warning); fail-level overrides it.
        result, _, _, log = run_case("config", {"paths": paths, "config": "ci/strict.toml"}, venv_bin)
        if result["conclusion"] != "failure" or result["outputs"]["exit-code"] != "1":
            fail(f"config: ci/strict.toml (fail-on = warning) should fail, got {result}", log)
        result, _, _, log = run_case("config-override", {"paths": paths, "config": "ci/strict.toml",
                                                         "fail-level": "error"}, venv_bin)
        if result["conclusion"] != "success":
            fail(f"config-override: fail-level error should override the policy's fail-on, got {result}", log)
        ok("config: ci/strict.toml's fail-on = warning fails the step; fail-level: error overrides it")

        # 5. A bad input is an error, not a pass.
        result, text, _, log = run_case("bad-input", {"paths": "reports", "fail-level": "fatal"}, venv_bin)
        if result["conclusion"] != "failure" or result["steps"][-1]["status"] != 2 or "::error title=pirlint action::fail-level" not in text:
            fail(f"bad-input: fail-level fatal should fail with 2, got {result}", log)
        ok("fail-level: fatal is refused with an ::error (status 2)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, 0 failed")


if __name__ == "__main__":
    main()
