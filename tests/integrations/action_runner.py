"""Runs a composite GitHub Action's steps locally, as the runner would.

Only what pirlint's action.yml uses is supported, and anything else is
refused rather than guessed: `shell: bash` run steps with `env`, the
expressions `${{ inputs.X }}`, `${{ github.action_path }}` and
`${{ steps.ID.outputs.X }}`. Like the runner: inputs take their defaults,
each step's run script goes to a file run with `bash --noprofile --norc -eo
pipefail`, each step gets fresh GITHUB_OUTPUT and GITHUB_PATH files (the
paths a step adds are prepended to PATH for the later steps), the job's
GITHUB_STEP_SUMMARY file is shared, a failed step ends the action, and the
action's outputs are evaluated from `outputs.*.value` at the end.
"""

import os
import pathlib
import re
import subprocess
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def parse_output_file(text):
    """GITHUB_OUTPUT syntax: `name=value` lines and `name<<DELIM` blocks."""
    out, lines, i = {}, text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            end = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1:end])
            i = end + 1
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
            i += 1
        elif not line.strip():
            i += 1
        else:
            raise ValueError(f"malformed GITHUB_OUTPUT line: {line!r}")
    return out


def run_action(action_dir, inputs, workspace, env, summary_file, log, only=None):
    """Runs action_dir/action.yml in workspace (only the steps whose ids are
    in `only`, when given). Returns a dict: steps (id, name, exit status,
    outputs), outputs, conclusion ("success"/"failure")."""
    action_dir = pathlib.Path(action_dir)
    action = yaml.safe_load((action_dir / "action.yml").read_text())
    if action["runs"]["using"] != "composite":
        raise ValueError("not a composite action")
    declared = action.get("inputs", {})
    unknown = set(inputs) - set(declared)
    if unknown:
        raise ValueError(f"inputs the action does not declare: {sorted(unknown)}")
    values = {k: str(inputs.get(k, v.get("default", ""))) for k, v in declared.items()}
    steps_outputs = {}

    def evaluate(text):
        def sub(m):
            expr = m.group(1)
            if expr.startswith("inputs."):
                return values[expr[len("inputs."):]]
            if expr == "github.action_path":
                return str(action_dir)
            if expr.startswith("steps."):
                _, step_id, kind, name = expr.split(".", 3)
                if kind != "outputs":
                    raise ValueError(f"unsupported expression: {expr}")
                return steps_outputs.get(step_id, {}).get(name, "")
            raise ValueError(f"unsupported expression: {expr}")
        return EXPR.sub(sub, text)

    env = dict(env)
    env.update(GITHUB_ACTION_PATH=str(action_dir), GITHUB_WORKSPACE=str(workspace),
               GITHUB_STEP_SUMMARY=str(summary_file), GITHUB_ACTIONS="true", CI="true")
    result = {"steps": [], "conclusion": "success"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for n, step in enumerate(action["runs"]["steps"]):
            if only is not None and step.get("id") not in only:
                continue
            extra = set(step) - {"name", "id", "shell", "env", "run"}
            if extra or step.get("shell") != "bash" or "run" not in step:
                raise ValueError(f"step {n}: only `shell: bash` run steps are supported, got {sorted(step)}")
            output_file, path_file, script = tmp / f"output{n}", tmp / f"path{n}", tmp / f"step{n}.sh"
            output_file.write_text("")
            path_file.write_text("")
            script.write_text(evaluate(step["run"]))
            step_env = dict(env, GITHUB_OUTPUT=str(output_file), GITHUB_PATH=str(path_file))
            step_env.update({k: evaluate(str(v)) for k, v in step.get("env", {}).items()})
            print(f"::group::{step.get('name', n)}", file=log, flush=True)
            proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                  cwd=workspace, env=step_env, stdout=log, stderr=subprocess.STDOUT)
            print("::endgroup::", file=log, flush=True)
            outputs = parse_output_file(output_file.read_text())
            if "id" in step:
                steps_outputs[step["id"]] = outputs
            result["steps"].append({"id": step.get("id"), "name": step.get("name"),
                                    "status": proc.returncode, "outputs": outputs})
            added = [p for p in path_file.read_text().splitlines() if p.strip()]
            if added:
                env["PATH"] = os.pathsep.join(reversed(added)) + os.pathsep + env["PATH"]
            if proc.returncode != 0:
                result["conclusion"] = "failure"
                break
    result["outputs"] = {k: evaluate(v["value"]) for k, v in action.get("outputs", {}).items()}
    return result
