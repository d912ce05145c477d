#!/usr/bin/env python3
"""Generates the pirlint pre-commit mirror repository from template/.

The mirror is what pre-commit pip-installs for a `language: python` hook: a
package whose only dependency is `pirlint==VERSION`, so the hook gets the
binary from the wheel (no Rust toolchain, no source build), the way
ruff-pre-commit mirrors ruff.

    generate.py OUT_DIR [--version X.Y.Z] [--repository ORG/pirlint]
                        [--mirror ORG/pirlint-pre-commit]

VERSION defaults to `[workspace.package] version` in pirlint's Cargo.toml.
Files in OUT_DIR that the template does not name are left alone (`.git`);
files it names are overwritten. Prints the tag to create: vVERSION.
The release workflow (.github/workflows/release.yml) runs this into a
checkout of the mirror, commits, tags and pushes; .ci/run runs it into a
temporary git repository (tests/integrations/precommit-mirror.sh).
"""

import argparse
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
TEMPLATE = HERE / "template"


def workspace_version():
    text = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python < 3.11: the one key, read by pattern
        section = re.search(r"^\[workspace\.package\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
        match = section and re.search(r'^version\s*=\s*"([^"]+)"', section.group(1), re.M)
        if not match:
            sys.exit("generate.py: no [workspace.package] version in Cargo.toml")
        return match.group(1)
    return tomllib.loads(text)["workspace"]["package"]["version"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--version", default=None, help="default: Cargo.toml's workspace version")
    parser.add_argument("--repository", default="ORG/pirlint",
                        help="pirlint's GitHub repository, for the mirror's README")
    parser.add_argument("--mirror", default="ORG/pirlint-pre-commit",
                        help="the mirror's GitHub repository, for its README")
    opts = parser.parse_args()
    version = opts.version or workspace_version()
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+(?:[-.+][0-9A-Za-z.]+)?", version):
        sys.exit(f"generate.py: {version!r} is not a release version")
    values = {"VERSION": version, "REPOSITORY": opts.repository, "MIRROR": opts.mirror}
    opts.out.mkdir(parents=True, exist_ok=True)
    for src in sorted(p for p in TEMPLATE.rglob("*") if p.is_file()):
        rel = src.relative_to(TEMPLATE)
        text = src.read_text(encoding="utf-8")
        text = re.sub(r"@([A-Z]+)@", lambda m: values[m.group(1)], text)
        dest = opts.out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
    print(f"v{version}")


if __name__ == "__main__":
    main()
