#!/usr/bin/env python3
"""The namespace dependency graph of TinyCloud.Shared, TinyCloud.Functions and the web client (client/src), and its cycles.

A C# file belongs to the namespace it declares and depends on every TinyCloud namespace it names in a `using`, in a
fully qualified `TinyCloud.X.Y.` reference or in one relative to an enclosing namespace (`Maintenance.TrashPurge` inside
`TinyCloud.Shared.Trash`), and on an enclosing namespace whose types or extension methods it uses (those need no
`using`). Comments do not count; code in strings' interpolations does. A TypeScript module depends on every module it
imports. Prints each
graph as "a -> b, c" lines, then the cycles (strongly connected components of more than one node). Exits 1 when there
is a cycle. Usage: scripts/deps.py [--quiet]
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def csharp_graph(project):
    graph = {}
    pattern_ns = re.compile(r'^namespace\s+([\w.]+)\s*;', re.M)
    pattern_use = re.compile(r'\b(TinyCloud\.(?:Shared|Functions)(?:\.[A-Z]\w*)*)')
    for folder, _, files in os.walk(os.path.join(ROOT, project)):
        if any(part in ('bin', 'obj') for part in folder.split(os.sep)):
            continue
        for name in files:
            if not name.endswith('.cs'):
                continue
            text = open(os.path.join(folder, name), encoding='utf-8').read()
            declared = pattern_ns.search(text)
            if not declared:
                continue
            source = declared.group(1)
            edges = graph.setdefault(source, set())
            body = without_comments(text)
            for target in pattern_use.findall(body):
                target = nearest_namespace(target, graph_names(project))
                if target and target != source:
                    edges.add(target)
            for target in relative_references(source, body):
                if target != source:
                    edges.add(target)
            # A parent namespace's types and extension methods need no `using`: look for their names.
            for parent, (types, extensions) in parent_members(project).items():
                if source != parent and source.startswith(parent + '.') and (
                        any(re.search(r'\b' + re.escape(t) + r'\b', body) for t in types)
                        or any(re.search(r'\.' + re.escape(m) + r'\s*[(<]', body) for m in extensions)):
                    edges.add(parent)
    return graph


_LITERAL_OR_COMMENT = re.compile(r'''"""[\s\S]*?"""|@"(?:""|[^"])*"|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])+'|//[^\n]*|/\*[\s\S]*?\*/''')


def without_comments(text):
    """The text with its comments removed; string literals (which may hold `//`) are kept as they are."""
    return _LITERAL_OR_COMMENT.sub(lambda m: '' if m.group(0).startswith('/') else m.group(0), text)


def relative_references(source, body):
    """Namespaces named relative to one enclosing `source` (`Maintenance.X` inside TinyCloud.Shared.Trash)."""
    known = set().union(*_names.values()) if _names else set()
    found = set()
    parts = source.split('.')
    for end in range(len(parts), 0, -1):
        enclosing = '.'.join(parts[:end])
        for name in known:
            if name.startswith(enclosing + '.'):
                relative = name[len(enclosing) + 1:]
                if re.search(r'(?<![\w.])' + re.escape(relative) + r'\.[A-Z]', body):
                    found.add(name)
    return found


def parent_members(project):
    """The type names and extension methods declared directly in each namespace that is a parent of another."""
    names = graph_names(project)
    parents = {n for n in names if any(other.startswith(n + '.') for other in names)}
    types = {p: set() for p in parents}
    extensions = {p: set() for p in parents}
    extension = re.compile(r'\bpublic\s+static\s+[\w<>\[\]?,.\s]+?\s(\w+)\s*(?:<[^>]*>)?\s*\(\s*this\s')
    declaration = re.compile(r'^(?:public|internal)\s+(?:(?:static|sealed|abstract|partial|readonly|record)\s+)*'
                             r'(?:class|record|struct|interface|enum)\s+(\w+)', re.M)
    for folder, _, files in os.walk(os.path.join(ROOT, project)):
        if any(part in ('bin', 'obj') for part in folder.split(os.sep)):
            continue
        for name in files:
            if name.endswith('.cs'):
                text = open(os.path.join(folder, name), encoding='utf-8').read()
                m = re.search(r'^namespace\s+([\w.]+)\s*;', text, re.M)
                if m and m.group(1) in parents:
                    types[m.group(1)].update(declaration.findall(text))
                    extensions[m.group(1)].update(extension.findall(without_comments(text)))
    return {p: (types[p], extensions[p]) for p in parents}


_names = {}


def graph_names(project):
    if project not in _names:
        found = set()
        for folder, _, files in os.walk(os.path.join(ROOT, project)):
            if any(part in ('bin', 'obj') for part in folder.split(os.sep)):
                continue
            for name in files:
                if name.endswith('.cs'):
                    m = re.search(r'^namespace\s+([\w.]+)\s*;', open(os.path.join(folder, name), encoding='utf-8').read(), re.M)
                    if m:
                        found.add(m.group(1))
        _names[project] = found
    return _names[project]


def nearest_namespace(reference, _):
    """`TinyCloud.Shared.Drive.EntryStore` -> the longest known namespace that prefixes it."""
    known = set().union(*_names.values()) if _names else set()
    parts = reference.split('.')
    for end in range(len(parts), 1, -1):
        candidate = '.'.join(parts[:end])
        if candidate in known:
            return candidate
    return None


def typescript_graph(folder):
    graph = {}
    base = os.path.join(ROOT, folder)
    pattern = re.compile(r'''^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]''', re.M)
    for current, _, files in os.walk(base):
        for name in files:
            if not name.endswith('.ts'):
                continue
            path = os.path.join(current, name)
            module = os.path.relpath(path, base)[:-3]
            edges = graph.setdefault(module, set())
            for match in pattern.finditer(open(path, encoding='utf-8').read()):
                target = match.group(1) or match.group(2)
                resolved = os.path.normpath(os.path.join(os.path.dirname(module), target))
                if resolved.endswith('.js') or resolved.endswith('.ts'):
                    resolved = resolved[:-3]
                edges.add(resolved)
    return graph


def cycles(graph):
    """Tarjan's strongly connected components with more than one node (or a self loop)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    quiet = '--quiet' in sys.argv
    graph_names('TinyCloud.Shared')
    graph_names('TinyCloud.Functions')
    graphs = {
        'TinyCloud.Shared': csharp_graph('TinyCloud.Shared'),
        'TinyCloud.Functions': csharp_graph('TinyCloud.Functions'),
        'client/src': typescript_graph('client/src'),
    }
    failed = False
    for title, graph in graphs.items():
        if not quiet:
            print(f'== {title}')
            for node in sorted(graph):
                print(f'  {node} -> {", ".join(sorted(graph[node])) or "(nothing)"}')
        found = cycles(graph)
        for component in found:
            failed = True
            print(f'CYCLE in {title}: {" <-> ".join(component)}')
        if not found:
            print(f'{title}: no cycles')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
