#!/usr/bin/env python3
"""Checks every relative link in README.md, docs/*.md and the other READMEs: the file exists and, for a link with
#anchor into a Markdown file, a heading makes that anchor (GitHub's rule: lower case, punctuation dropped, spaces to -).
Prints each broken link and exits 1 if there is one.  Usage: scripts/check-doc-links.py"""
import glob, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
files = ["README.md", *sorted(glob.glob("docs/*.md", root_dir=root)),
         *sorted(glob.glob("tests/*/README.md", root_dir=root))]
link = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def anchors(path):
    text = re.sub(r"^```.*?^```", "", open(path, encoding="utf-8").read(), flags=re.M | re.S)
    seen, out = {}, set()
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


broken = 0
for name in files:
    source = os.path.join(root, name)
    text = re.sub(r"^```.*?^```", "", open(source, encoding="utf-8").read(), flags=re.M | re.S)
    for target in link.findall(text):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(source), path)) if path else source
        if not os.path.exists(resolved):
            print(f"{name}: {target}: no such file")
            broken += 1
        elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
            print(f"{name}: {target}: no heading makes #{anchor}")
            broken += 1
print(f"{len(files)} files checked, {broken} broken links")
sys.exit(1 if broken else 0)
