"""The mutant list of ci/mutants: parsing ci/mutants.list and applying one
mutant to a tree (and undoing it). Used by ci/mutants only."""
import os
import re
import sys


class Mutant:
    def __init__(self, fields, lineno):
        fields += [""] * (5 - len(fields))
        self.id, self.file, self.orig, self.repl, tags = fields[:5]
        self.lineno = lineno
        self.occurrence = 1
        m = re.match(r"^(.*)#(\d+)$", self.orig)
        if m:
            self.orig, self.occurrence = m.group(1), int(m.group(2))
        self.quick = "quick" in [t.strip() for t in tags.split(",")]
        # "bugs=PROFILE": the programs run under --bugs=PROFILE (a mutant
        # of the second generation's code: bugs=correct-2.6.28)
        m = re.search(r"(?:^|\s)bugs=(\S+?),?(?=\s|$)", tags)
        self.bugs = m.group(1) if m else ""
        m = re.search(r"equivalent:\s*(.*)$", tags)
        self.equivalent = m.group(1) if m else None


def die(msg, code=2):
    print("ci/mutants: " + msg, file=sys.stderr)
    sys.exit(code)


def load(path):
    mutants = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = [x.strip() for x in line.rstrip("\n").split("@@")]
            if len(fields) < 4 or not fields[0] or not fields[2]:
                die("%s:%d: want 'id @@ file @@ line @@ replacement [@@ tags]'"
                    % (path, n))
            mutants.append(Mutant(fields, n))
    ids = [m.id for m in mutants]
    for i in ids:
        if ids.count(i) > 1:
            die("%s: mutant id '%s' listed twice" % (path, i))
    return mutants


def locate(m, text, path):
    """Index of the line m changes in text (a list of lines)."""
    seen = 0
    for i, line in enumerate(text):
        if line.strip() == m.orig:
            seen += 1
            if seen == m.occurrence:
                return i
    die("%s:%d: mutant %s: '%s' (occurrence %d) not found in %s"
        % (path, m.lineno, m.id, m.orig, m.occurrence, m.file))


def apply(m, tree, listpath):
    """Mutate m.file in tree; return (original text, 1-based line)."""
    path = os.path.join(tree, m.file)
    with open(path) as f:
        orig = f.read()
    lines = orig.split("\n")
    i = locate(m, lines, listpath)
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    if m.repl:
        lines[i] = indent + m.repl
    else:
        del lines[i]
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return orig, i + 1


def restore(m, tree, orig):
    with open(os.path.join(tree, m.file), "w") as f:
        f.write(orig)
