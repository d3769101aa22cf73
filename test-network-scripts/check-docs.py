#!/usr/bin/env python3
"""Checks the project's Markdown: the top README stays short, and every link stays inside the
repository and resolves (files exist, #anchors name a heading of the target file)."""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
README_LIMIT = 10_000
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def anchors(md: pathlib.Path) -> set:
    out = set()
    for line in md.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#{1,6}\s+(.*)", line)
        if m:
            text = m.group(1).strip().lower()
            slug = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
            out.add(slug)
    return out


def main() -> int:
    errors = []
    size = len((ROOT / "README.md").read_text(encoding="utf-8"))
    if size > README_LIMIT:
        errors.append(f"README.md has {size} characters, more than {README_LIMIT}")
    tracked = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in tracked.stdout.split():
        md = ROOT / name
        if not md.exists() or name.startswith("docs/DESIGN"):
            continue
        for target in LINK.findall(md.read_text(encoding="utf-8")):
            if re.match(r"https?://(127\.0\.0\.1|localhost)", target):
                continue
            if re.match(r"[a-z]+:", target):
                errors.append(f"{name}: link leaves the repository: {target}")
                continue
            path, _, frag = target.partition("#")
            dest = (md.parent / path).resolve() if path else md
            if ROOT not in dest.parents and dest != ROOT:
                errors.append(f"{name}: link leaves the repository: {target}")
            elif not dest.exists():
                errors.append(f"{name}: broken link {target}")
            elif frag and dest.suffix == ".md" and frag not in anchors(dest):
                errors.append(f"{name}: no heading #{frag} in {path or name}")
    for e in errors:
        print("docs: " + e, file=sys.stderr)
    print(f"docs: README.md {size} characters; links checked" if not errors else f"docs: {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
