#!/usr/bin/env python3
"""Worst-case stack depth under a root function, from gcc's -fcallgraph-info=su output.

usage: stack.py ROOT FILE.ci [FILE.ci ...]

Each function's own frame comes from the node labels ("N bytes (static)"); the depth of a
function is its frame plus the deepest of its callees. Callees with no node of their own (the
mem* functions, libgcc helpers) count as 0 bytes and are listed, since firmware supplies them.

An indirect call may reach any static function that nothing calls directly: gcc drops static
functions nobody references, so those are exactly the ones whose address is taken. Recursion,
an indirect call with no such candidate, and dynamic frames make a static bound impossible;
they are reported as problems rather than silently summed."""
import re
import sys


def parse(paths):
    frames, names, quals, edges = {}, {}, {}, {}
    node_re = re.compile(r'node: \{ title: "([^"]*)" label: "([^"]*)"')
    edge_re = re.compile(r'edge: \{ sourcename: "([^"]*)" targetname: "([^"]*)"')
    for path in paths:
        with open(path) as f:
            for line in f:
                m = node_re.search(line)
                if m:
                    title, label = m.group(1), m.group(2).split("\\n")
                    names[title] = label[0]
                    fm = re.search(r"(\d+) bytes \((\w+(?:,\w+)*)\)", m.group(2))
                    if fm:
                        frames[title] = int(fm.group(1))
                        quals[title] = fm.group(2)
                    continue
                m = edge_re.search(line)
                if m:
                    edges.setdefault(m.group(1), [])
                    if m.group(2) not in edges[m.group(1)]:
                        edges[m.group(1)].append(m.group(2))
    return frames, names, quals, edges


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root = sys.argv[1]
    frames, names, quals, edges = parse(sys.argv[2:])
    by_name = {names[t]: t for t in frames}
    if root not in by_name:
        sys.exit("stack.py: no function %s in the call graph" % root)
    problems, external = [], set()
    memo = {}
    called = {c for callees in edges.values() for c in callees}
    # Titles of static functions carry their file name ("file.c:name"); public ones do not.
    targets = [t for t in frames if ":" in t and t not in called]
    if targets:
        frames["__indirect_call"], quals["__indirect_call"] = 0, "static"
        names["__indirect_call"] = "(indirect)"
        edges["__indirect_call"] = targets

    # Iterative depth-first search: the call graph of a library that promises no recursion is
    # shallow, but this script must not itself depend on that promise.
    def depth(start):
        stack = [(start, iter(edges.get(start, [])), 0, [])]
        on_path = {start}
        while stack:
            node, it, best, path_best = stack[-1]
            advanced = False
            for callee in it:
                if callee == "__indirect_call" and not targets:
                    problems.append("indirect call in %s" % names.get(node, node))
                    continue
                if callee not in frames:
                    external.add(names.get(callee, callee).replace("__builtin_", ""))
                    continue
                if callee in on_path:
                    problems.append("recursion: %s -> %s" % (names[node], names[callee]))
                    continue
                if callee in memo:
                    d, p = memo[callee]
                    if d > best:
                        best, path_best = d, p
                    stack[-1] = (node, it, best, path_best)
                    continue
                stack[-1] = (node, it, best, path_best)
                stack.append((callee, iter(edges.get(callee, [])), 0, []))
                on_path.add(callee)
                advanced = True
                break
            if advanced:
                continue
            stack.pop()
            on_path.discard(node)
            if quals[node] != "static":
                problems.append("%s has a %s frame" % (names[node], quals[node]))
            memo[node] = (frames[node] + best, [node] + path_best)
            if stack:
                parent, pit, pbest, ppath = stack[-1]
                if memo[node][0] > pbest:
                    stack[-1] = (parent, pit, memo[node][0], memo[node][1])
        return memo[start]

    total, path = depth(by_name[root])
    print("worst path: " + " -> ".join("%s(%d)" % (names[t], frames[t]) for t in path))
    if targets and "__indirect_call" in memo:
        print("indirect calls may reach: " + ", ".join(sorted(names[t] for t in targets)))
    print("worst depth: %d bytes" % total)
    if external:
        print("callees outside the library (0 bytes counted): " + ", ".join(sorted(external)))
    for p in sorted(set(problems)):
        print("PROBLEM: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
