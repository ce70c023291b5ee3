"""The table on stdout and bench/RESULTS.md."""


class Section:
    """Cases measured side by side.  per_unit: None (per process), "env"
    (time per environment, units = environments) or "MB/s" (units = bytes)."""

    def __init__(self, title, cases, reference, ref_name, per_unit=None, note=None, cores=None):
        self.title = title
        self.cores = cores
        self.cases = cases
        self.reference = reference
        self.ref_name = ref_name
        self.per_unit = per_unit
        self.note = note

    def header(self):
        extra = {"env": ["per environment", "CPU per env."], "MB/s": ["throughput"]}.get(self.per_unit, [])
        return ["case", "median", "spread", "CPU", "runs"] + extra + [f"× {self.ref_name}", "peak RSS"]

    def rows(self):
        ref = self.reference.median()
        out = []
        for c in self.cases:
            row = [c.label, duration(c.median()), f"±{c.spread_pct():.0f}%", duration(c.cpu_median()),
                   str(len(c.times))]
            if self.per_unit == "env":
                row.append(duration(c.median() / c.units))
                row.append(duration(c.cpu_median() / c.units))
            elif self.per_unit == "MB/s":
                row.append(f"{c.units / c.median() / 1e6:.0f} MB/s")
            row.append("1 (ref)" if c is self.reference else f"{c.median() / ref:.1f}")
            row.append(f"{c.peak_kb / 1024:.1f} MB" if c.peak_kb else "?")
            out.append(row)
        return out


class Target:
    def __init__(self, what, target, measured, met):
        self.what, self.target, self.measured, self.met = what, target, measured, met


def duration(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.1:
        return f"{seconds * 1000:.0f} ms"
    if seconds >= 0.01:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.2f} ms"


def text_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in
                       enumerate(zip(r, widths))) for r in [header] + rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:"
                                                            for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(str(v) for v in r) + " |" for r in rows]
    return "\n".join(out)


def cores_note(section):
    if section.cores is None:
        return None
    return (f"Cores free when this section started: {section.cores:.1f} of 2 (two CPU-bound loops at once "
            f"against one; below 2, other work on the machine took the rest).")


def print_section(section):
    print(f"\n{section.title}")
    print(text_table(section.header(), section.rows()))
    for note in (section.note, cores_note(section)):
        if note:
            print(note)


def target_rows(targets):
    return [[t.what, t.target, t.measured, "met" if t.met else "**missed**"] for t in targets]


def print_targets(targets, title="Targets (issue 7)"):
    print(f"\n{title}")
    print(text_table(["target", "wanted", "measured", ""],
                     [[r[0], r[1], r[2], r[3].replace("*", "")] for r in target_rows(targets)]))


def growth(sections):
    """Time per environment by number of environments, for each way of running."""
    table = {}
    counts = []
    for s in sections:
        if s.per_unit != "env":
            continue
        n = s.cases[0].units
        counts.append(n)
        for c in s.cases:
            table.setdefault(c.label, {})[n] = c.median() / c.units
    rows = [[label] + [duration(per[n]) if n in per else "–" for n in counts] for label, per in table.items()]
    return ["way of running"] + [f"N = {n}" for n in counts], rows


def markdown(info, sections, checks, targets, budgets, profile, analysis, args):
    md = ["# fsgen benchmarks", "",
          "Written by `make bench` (bench/run.py); every number below comes from the run that wrote "
          "this file. Not a test: nothing here fails a build.", "",
          "## Machine and versions", ""]
    md += [f"- **{k}**: {v}" for k, v in info.items()]
    md += ["", "## Method", "",
           "- Every case is a whole process (or a whole `make -j2`), started with posix_spawn from the "
           "harness, stdout to /dev/null (scale cases write their files), timed wall-clock from spawn "
           "to exit. Cases of a section run in rounds, one run of each in turn, so that slow drifts of "
           "the machine hit all of them alike; in the one-environment section an fsgen run precedes "
           "every other run, so each ratio compares neighbouring runs. One warm-up round is discarded.",
           "- **median** of the runs' wall-clock times; **spread** is half the interquartile range as "
           "a share of the median; **CPU** is the median of user + system time of the process and "
           "the children it waited for (from wait4; less sensitive than wall time to other load on "
           "the machine); **×** is the case's median over the reference's median, from the same rounds.",
           "- **peak RSS**: GNU time's `%M` on one extra run: the largest resident set of the command "
           "and of every child it waited for (for `make -j2`, the largest single process), not a sum.",
           "- The peers produce the same objects as fsgen, checked on every run after normalisation "
           "(parsed YAML, documents keyed by kind/namespace/name; comments, key order and quoting "
           "ignored); spec/bench/peers_spec.lua proves the same for the committed peers in ctest.",
           "- **kustomize**: peers/kustomize: base = fsgen's default output (`make -C bench "
           "kustomize-base`), overlays/prod = the patches a kustomize user writes for overlays/prod.lua "
           "(namespace, delete patches for the in-cluster database, strategic-merge and JSON patches, "
           "new HPA/PDB/Ingress resources). Generated environments: a kustomization per environment "
           "over overlays/prod with namespace, namePrefix, labels and JSON patches.",
           "- **cdk8s**: peers/cdk8s, a cdk8s chart of the same objects with the same knobs; node "
           "start-up and module loading included, because users pay them. Many environments: one App "
           "with a Chart per environment (one file each), or one process per environment.",
           "- **PyYAML**: Debian's python3 with python3-yaml, `yaml.dump_all` with the libyaml "
           "CSafeDumper on the objects read from JSON: the floor for \"just serialise\" in Python.",
           "- **C floor**: bench/floor.c, the exact output bytes assembled into the binary and "
           "written with write(2): the machine's floor for producing the file.",
           f"- Rounds: {'--quick' if args.quick else 'default'}"
           f"{', --full' if args.full else ''} (see run.py).", ""]
    md += ["## Targets (issue 7)", "", md_table(["target", "wanted", "measured", ""], target_rows(targets)), ""]
    if budgets:
        md += ["## Budgets of the runtime and of validation (issues 2 and 5)", "",
               md_table(["budget", "wanted", "measured", ""], target_rows(budgets)), ""]
    md += analysis
    for s in sections:
        md += [f"## {s.title}", "", md_table(s.header(), s.rows()), ""]
        for note in (s.note, cores_note(s)):
            if note:
                md += [note, ""]
    header, rows = growth(sections)
    if rows:
        md += ["## Time per environment as the count grows", "", md_table(header, rows), ""]
    md += ["## Same objects", ""]
    md += [f"- {label}: {'same as fsgen' if not diff else 'DIFFERENT: ' + diff}" for label, diff in checks]
    md += [""]
    if profile:
        md += profile.markdown()
    return "\n".join(md) + "\n"
