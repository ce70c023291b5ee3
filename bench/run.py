#!/usr/bin/env python3
"""fsgen benchmarks: whole-process timings of fsgen and of the tools users
would pick instead, on the same objects, side by side in one run.

usage: python3 bench/run.py [--build DIR] [--quick] [--full] [--no-profile]
  (normally through `make bench`, which builds fsgen and installs the peers)
Prints a table and writes bench/RESULTS.md.  Nothing here is a test.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)

from envs import Environments, makefile  # noqa: E402
from harness import Case, alternate, free_cores  # noqa: E402
import analysis  # noqa: E402
import normalise  # noqa: E402
import profile_fsgen  # noqa: E402
import report  # noqa: E402

PYTHON = "/usr/bin/python3"  # Debian's, with python3-yaml (pyenv shims cost a shell)
KUSTOMIZE_PROD = os.path.join(BENCH, "peers", "kustomize", "overlays", "prod")
CDK8S_SYNTH = os.path.join(BENCH, "peers", "cdk8s", "synth.js")
BIG_CHART = os.path.join(BENCH, "big")
PYYAML = ("import json, sys, yaml; yaml.dump_all(json.load(open(sys.argv[1])), sys.stdout, "
          "Dumper=yaml.CSafeDumper, sort_keys=True)")


def sh(argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw).stdout


def version(argv, pattern=None):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except OSError:
        return "absent"
    text = (out.stdout + out.stderr).strip()
    if pattern:
        for line in text.splitlines():
            if pattern in line:
                return line.strip()
    return text.splitlines()[0] if text else "?"


def machine(fsgen):
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    cdk8s_pkg = os.path.join(BENCH, "peers", "cdk8s", "node_modules", "cdk8s", "package.json")
    cdk8s = json.load(open(cdk8s_pkg))["version"] if os.path.exists(cdk8s_pkg) else "absent"
    commit = version(["git", "-C", ROOT, "log", "-1", "--format=%h %s"])
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{mem_kb / 1048576:.0f} GiB",
        "kernel": platform.release(),
        "fsgen": version([fsgen, "--version"]) + f" (commit {commit}" +
                 (", with uncommitted changes in the tree)" if dirty else ")"),
        "build": profile_fsgen.build_type(os.path.dirname(fsgen)),
        "kustomize": version(["kubectl", "version", "--client"], "Kustomize") + ", through " +
                     version(["kubectl", "version", "--client"], "Client Version"),
        "cdk8s": f"cdk8s {cdk8s} on node {version(['node', '--version'])}",
        "pyyaml": version([PYTHON, "-c", "import sys, yaml; print('PyYAML', yaml.__version__, "
                                         "'libyaml' if yaml.__with_libyaml__ else 'pure', "
                                         "'Python', sys.version.split()[0])"]),
        "cc": version(["cc", "--version"]),
        "make": version(["make", "--version"]),
    }


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build)
        self.fsgen = os.path.join(self.build, "fsgen")
        self.work = os.path.join(self.build, "bench")
        os.makedirs(self.work, exist_ok=True)
        self.sections = []
        self.checks = []

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def make(self, target):
        subprocess.run(["make", "-s", "-C", BENCH, f"BUILD={self.build}", target], check=True)

    def floor(self, name, payload):
        """The C floor program that writes the bytes of payload (WORK/name.yaml)."""
        assert payload == self.path(name + ".yaml")
        self.make(self.path("floor-" + name))
        return self.path("floor-" + name)

    def rounds(self, full, quick):
        return quick if self.args.quick else full

    def same(self, label, reference_docs, peer_docs):
        diff = normalise.difference(reference_docs, peer_docs)
        self.checks.append((label, diff))
        if diff:
            print(f"bench: warning: {label}: not the same objects: {diff}", file=sys.stderr)

    # -- one environment: the production deployment -----------------------
    def single(self):
        prod_yaml = self.path("prod.yaml")
        subprocess.run([self.fsgen, "overlays/prod.lua"], cwd=ROOT, check=True,
                       stdout=open(prod_yaml, "w"))
        objects = normalise.load_stream(open(prod_yaml).read())
        with open(self.path("prod.json"), "w") as f:
            json.dump(objects, f)
        self.same("kustomize prod overlay", objects,
                  normalise.load_stream(sh(["kubectl", "kustomize", KUSTOMIZE_PROD])))
        self.same("cdk8s prod app", objects, normalise.load_stream(sh(["node", CDK8S_SYNTH])))
        self.same("PyYAML dump", objects,
                  normalise.load_stream(sh([PYTHON, "-c", PYYAML, self.path("prod.json")])))

        cores = free_cores()
        fsgen = Case("fsgen overlays/prod.lua", [self.fsgen, "overlays/prod.lua"], cwd=ROOT)
        cases = [
            fsgen,
            Case("fsgen --version (start-up, no render)", [self.fsgen, "--version"]),
            Case("kubectl kustomize (base + prod overlay)", ["kubectl", "kustomize", KUSTOMIZE_PROD]),
            Case("cdk8s: node synth.js", ["node", CDK8S_SYNTH]),
            Case("python3 -c PyYAML dump from JSON", [PYTHON, "-c", PYYAML, self.path("prod.json")]),
            Case("C floor: write the bytes from memory", [self.floor("prod", prod_yaml)]),
            Case("/bin/true (process floor)", ["/bin/true"]),
        ]
        alternate(cases, self.rounds(40, 8), reference=fsgen)
        for case in cases:
            case.measure_peak()
        self.sections.append(report.Section(
            f"One environment: the production deployment ({len(objects)} objects, "
            f"{os.path.getsize(prod_yaml) / 1000:.1f} kB of YAML), one process per run",
            cases, reference=fsgen, ref_name="fsgen", cores=cores))
        self.prod = {c.label: c for c in cases}

    # -- the runtime's and validation's own budgets ----------------------------
    def budgets(self):
        """A chart of about twenty objects through two overlays, one process
        per render and 200 renders under make -j2; and the share of a prod
        render that validation takes (in process, bench/profile/phases.lua)."""
        two = ["overlays/minikube.lua", "overlays/influxdb.lua"]
        count = len(normalise.load_stream(sh([self.fsgen] + two, cwd=ROOT)))
        demo = Case("fsgen: demo fixture chart, base + prod overlays (6 objects)",
                    [self.fsgen, "spec/fixtures/demo/overlays/prod.lua"], cwd=ROOT)
        pair = Case(f"fsgen: Flagsmith chart, minikube + influxdb overlays ({count} objects)",
                    [self.fsgen] + two, cwd=ROOT)
        out = self.path("out", "budget-200")
        mk = makefile(self.path("make", "budget-200.mk"), [f"env{i:03d}" for i in range(200)],
                      f"{self.fsgen} -n {{name}} -o {out}/{{name}} {' '.join(two)}")

        def fresh():
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)

        many = Case("the same, 200 renders under make -j2 (a process each)",
                    ["make", "-s", "-j2", "-f", mk], cwd=ROOT, prepare=fresh, units=200)
        cores = free_cores()
        cases = [pair, demo, many]
        alternate(cases, self.rounds(20, 5), reference=pair)
        for case in cases:
            case.measure_peak()
        self.validation = profile_fsgen.validation_share(self.build, ROOT)
        note = None
        if self.validation:
            validate_us, rest_us = self.validation
            note = (f"Validation (schema, names; bench/profile/phases.lua, median of 9 processes): "
                    f"{validate_us:.0f} µs of CPU on top of {rest_us:.0f} µs for the rest of one prod "
                    f"render in process (start-up and process costs not counted, so the share of a "
                    f"whole `fsgen overlays/prod.lua` run is smaller still).")
        self.sections.append(report.Section(
            "Budgets of the runtime: a chart through two overlays, and many renders",
            cases, reference=pair, ref_name="fsgen", cores=cores, note=note))
        self.budget = {"pair": pair, "demo": demo, "many": many, "count": count}

    # -- many environments ---------------------------------------------------
    def scale(self):
        counts = [1, 10, 100] if self.args.quick else [1, 10, 100, 1000]
        per_process_peers = 1000 if self.args.full else 100
        envs = Environments(self.work, max(counts), KUSTOMIZE_PROD)

        # The generated environments give the same objects with every tool.
        first = envs.names(1)[0]
        ref = normalise.load_stream(sh([self.fsgen, envs.fsgen_overlays(1)[0]], cwd=ROOT))
        self.same(f"kustomize {first}", ref,
                  normalise.load_stream(sh(["kubectl", "kustomize", os.path.join(envs.kustomize_dir, first)])))
        tmp = self.path("check-cdk8s")
        shutil.rmtree(tmp, ignore_errors=True)
        sh(["node", CDK8S_SYNTH, "--each", os.path.join(envs.cdk8s_dir, first + ".json"), tmp])
        self.same(f"cdk8s {first}", ref, normalise.load_stream(open(os.path.join(tmp, first + ".k8s.yaml")).read()))

        self.scale_rows = []
        for n in counts:
            out = self.path("out", str(n))
            cores = free_cores()

            def fresh(d):
                def prepare():
                    shutil.rmtree(d, ignore_errors=True)
                    os.makedirs(d)
                return prepare

            def make_case(label, tool, command):
                d = os.path.join(out, tool)
                mk = envs.makefile(n, tool, command.replace("OUT", d))
                return Case(label, ["make", "-s", "-j2", "-f", mk], cwd=ROOT, prepare=fresh(d), units=n)

            cases = [
                make_case("fsgen, a process per environment, make -j2", "fsgen-make",
                          f"{self.fsgen} -o OUT/{{name}} {envs.fsgen_dir}/{{name}}.lua"),
                Case("fsgen --each, one run (2 cores)",
                     [self.fsgen, "--each", "-o", os.path.join(out, "fsgen-each")] + envs.fsgen_overlays(n),
                     cwd=ROOT, prepare=fresh(os.path.join(out, "fsgen-each")), units=n),
                # One file per environment, as the cdk8s app writes: the
                # same objects, a twelfth of the files.
                Case("fsgen --each --stream, one run: a file per environment",
                     [self.fsgen, "--each", "--stream", "-o", os.path.join(out, "fsgen-each-stream")]
                     + envs.fsgen_overlays(n),
                     cwd=ROOT, prepare=fresh(os.path.join(out, "fsgen-each-stream")), units=n),
                Case("cdk8s, one node process for all",
                     ["node", CDK8S_SYNTH, "--each", envs.cdk8s_list(n), os.path.join(out, "cdk8s-each")],
                     prepare=fresh(os.path.join(out, "cdk8s-each")), units=n),
            ]
            if n <= per_process_peers:
                cases.append(make_case("kustomize, a process per environment, make -j2", "kustomize-make",
                                       f"kubectl kustomize {envs.kustomize_dir}/{{name}} -o OUT/{{name}}.yaml"))
                cases.append(make_case("cdk8s, a process per environment, make -j2", "cdk8s-make",
                                       f"node {CDK8S_SYNTH} --each {envs.cdk8s_dir}/{{name}}.json OUT"))
            # The 1,000-environment target is read off this median: with three
            # runs, one run slowed by the machine moves it (about 30 s a round).
            rounds = {1: (15, 5), 10: (10, 3), 100: (3, 2), 1000: (5, 1)}[n]
            alternate(cases, self.rounds(*rounds))
            for case in cases:
                case.measure_peak()
            self.sections.append(report.Section(
                f"{n} environment{'s' if n > 1 else ''} (release, namespace, host, replicas vary)",
                cases, reference=cases[1], ref_name="fsgen --each", per_unit="env", cores=cores))
            self.scale_rows.append((n, cases, cores))

    # -- emission throughput -------------------------------------------------
    def emission(self):
        probe = sh([self.fsgen, "--chart", BIG_CHART, "--set", "count=100"], cwd=ROOT)
        per_count = len(probe.encode()) / 100
        self.emit_rows = []
        for mb in (10, 100):
            cores = free_cores()
            count = round(mb * 1e6 / per_count)
            stream = self.path(f"big-{mb}.yaml")
            subprocess.run([self.fsgen, "--chart", BIG_CHART, "--set", f"count={count}"], cwd=ROOT,
                           check=True, stdout=open(stream, "w"))
            size = os.path.getsize(stream)
            runs = 7 if mb == 10 else 4
            script = [os.path.join(BENCH, "emit_throughput.lua"), str(count), str(runs)]
            # In the runtime of the fsgen executable (static Lua, its allocator):
            # the target's measure.  Through lua5.4 and the core module, for
            # comparison.  Processes of the two alternate, as everywhere here,
            # and each emit's CPU time is one sample.
            self.make(self.path("emit-runner"))
            lua_env = dict(os.environ, LUA_CPATH=os.path.join(self.build, "lmod", "?.so") + ";;")
            emitters = {
                "runtime": Case(f"fsgen's emitter alone (fsgen's runtime), {runs} emits",
                                [self.path("emit-runner")] + script, stdout=self.path(f"emit-{mb}.tsv")),
                "lua5.4": Case(f"fsgen's emitter alone (lua5.4), {runs} emits", ["lua5.4"] + script,
                               env=lua_env, stdout=self.path(f"emit-{mb}.tsv")),
            }
            samples = {name: [] for name in emitters}
            for _ in range(self.rounds(3, 1)):
                for name, case in emitters.items():
                    case.run_once()
                    fields = open(self.path(f"emit-{mb}.tsv")).read().split()
                    emit_bytes = int(fields[0])
                    samples[name] += [float(t) for t in fields[1:]]
            emitters["runtime"].measure_peak()
            emit_peak = emitters["runtime"].peak_kb
            ordered = sorted(samples["runtime"])
            emit_median = statistics.median(ordered)
            emit_fast, emit_slow = ordered[0], ordered[-1]
            lua_median = statistics.median(samples["lua5.4"])
            emit_count = len(ordered)

            # Into a file, as a user's redirection: /dev/null would make writing free.
            written = self.path(f"written-{mb}.yaml")
            fsgen = Case(f"fsgen --chart bench/big (count={count}): render + emit",
                         [self.fsgen, "--chart", BIG_CHART, "--set", f"count={count}"], cwd=ROOT, units=size,
                         stdout=written)
            cases = [fsgen, Case("C floor: write the bytes from memory", [self.floor(f"big-{mb}", stream)],
                                 units=size, stdout=written)]
            if mb == 10 or self.args.full:
                objects = normalise.load_stream(open(stream).read())
                with open(self.path(f"big-{mb}.json"), "w") as f:
                    json.dump(objects, f)
                cases.append(Case("python3 -c PyYAML dump from JSON",
                                  [PYTHON, "-c", PYYAML, self.path(f"big-{mb}.json")], units=size,
                                  stdout=written))
            alternate(cases, self.rounds(5 if mb == 10 else 3, 2), reference=None)
            for case in cases:
                case.measure_peak()
            if mb == 10 and self.args.full:
                # Minutes per run: one run, timed by GNU time.
                kdir = self.path(f"kustomize-big-{mb}")
                os.makedirs(kdir, exist_ok=True)
                shutil.copyfile(stream, os.path.join(kdir, "objects.yaml"))
                with open(os.path.join(kdir, "kustomization.yaml"), "w") as f:
                    f.write("resources:\n- objects.yaml\n")
                kust = Case("kubectl kustomize (the stream as its only resource; one run)",
                            ["kubectl", "kustomize", kdir], units=size)
                kust.measure_peak(record=True)
                cases.append(kust)
            # Hundreds of MB: not kept between runs.
            for leftover in (written, stream, self.path(f"big-{mb}.json"), self.path(f"floor-big-{mb}"),
                             self.path(f"kustomize-big-{mb}", "objects.yaml")):
                if os.path.exists(leftover):
                    os.remove(leftover)
            self.sections.append(report.Section(
                f"Emission: a {size / 1e6:.0f} MB stream ({2 * count} objects)", cases, reference=fsgen,
                ref_name="fsgen", per_unit="MB/s", cores=cores,
                note=f"The emitter alone (core.emit on the same objects, CPU time, in the runtime of the "
                     f"fsgen executable: bench/emit_runner.c): "
                     f"{emit_bytes / emit_median / 1e6:.0f} MB/s median of {emit_count} emits "
                     f"({emit_bytes / emit_slow / 1e6:.0f}..{emit_bytes / emit_fast / 1e6:.0f}), "
                     f"peak RSS of that process {emit_peak / 1024:.0f} MB "
                     f"(the objects and the output string).  The same through lua5.4 and the core "
                     f"module (the shared liblua, libc's allocator): {emit_bytes / lua_median / 1e6:.0f} MB/s."))
            self.emit_rows.append((mb, size, emit_bytes / emit_median, fsgen))

    def targets(self):
        fsgen = self.prod["fsgen overlays/prod.lua"]
        kust = self.prod["kubectl kustomize (base + prod overlay)"]
        floor = self.prod["/bin/true (process floor)"]
        # A target under the floor cannot be met by any program on this machine: say so beside it.
        below_floor = (f"; /bin/true alone {floor.median() * 1000:.2f} ms"
                       if floor.median() > analysis.PROCESS_TARGET else "")
        rows = [report.Target("full prod render, median per process", "≤ 1.5 ms",
                              f"{fsgen.median() * 1000:.2f} ms (CPU {fsgen.cpu_median() * 1000:.2f} ms)"
                              f"{below_floor}",
                              fsgen.median() <= analysis.PROCESS_TARGET),
                report.Target("faster than kustomize on the same objects", "≥ 50×",
                              f"{kust.median() / fsgen.median():.1f}×", kust.median() / fsgen.median() >= 50)]
        thousand = [cases for n, cases, _ in getattr(self, "scale_rows", []) if n == 1000]
        if thousand:
            each, stream = thousand[0][1], thousand[0][2]
            rows.append(report.Target("1,000 environments in one multi-environment run", "≤ 1 s",
                                      f"{stream.median():.2f} s a file each (--stream); "
                                      f"{each.median():.2f} s a directory each",
                                      stream.median() <= 1.0))
        for mb, size, emit_rate, whole in getattr(self, "emit_rows", []):
            rows.append(report.Target(f"emission, {mb} MB document (the emitter; whole process in brackets)",
                                      "≥ 100 MB/s",
                                      f"{emit_rate / 1e6:.0f} MB/s ({size / whole.median() / 1e6:.0f} MB/s)",
                                      emit_rate >= 100e6))
        rows.append(report.Target("peak RSS, one environment", "≤ 5 MB",
                                  f"{fsgen.peak_kb / 1024:.1f} MB", fsgen.peak_kb <= 5 * 1024))
        return rows

    def budget_targets(self):
        """The runtime's budgets (issue 2) and validation's (issue 5)."""
        b = getattr(self, "budget", None)
        if not b:
            return []
        pair, many = b["pair"], b["many"]
        rows = [report.Target(f"a chart of {b['count']} objects through two overlays, median per process",
                              "< 5 ms", f"{pair.median() * 1000:.2f} ms", pair.median() < 0.005),
                report.Target("peak RSS of that render", "< 10 MB", f"{pair.peak_kb / 1024:.1f} MB",
                              pair.peak_kb < 10 * 1024),
                report.Target("200 such renders in one make -j2 run", "< 2 s", f"{many.median():.2f} s",
                              many.median() < 2.0)]
        for mb, size, emit_rate, _ in getattr(self, "emit_rows", []):
            if mb == 10:
                rows.append(report.Target("emitting a 10 MB document (the emitter)", "≥ 50 MB/s",
                                          f"{emit_rate / 1e6:.0f} MB/s", emit_rate >= 50e6))
        if getattr(self, "validation", None):
            validate_us, rest_us = self.validation
            added = validate_us / rest_us
            rows.append(report.Target("validation's addition to a full Flagsmith (prod) render", "≤ 25 %",
                                      f"{100 * added:.0f} % (in process)", added <= 0.25))
        return rows


def main():
    # Overlays may read these (separate-ingresses, external-db); every tool's
    # objects are written for the output without them.
    for name in ("FLAGSMITH_HOST", "FLAGSMITH_DB_HOST", "FLAGSMITH_DB_PASSWORD"):
        os.environ.pop(name, None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--quick", action="store_true", help="fewer rounds, up to 100 environments")
    parser.add_argument("--full", action="store_true", help="peers' per-process runs up to 1,000 too")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--only", choices=["single", "budgets", "scale", "emission"], action="append",
                        help="run only these sections (repeatable); RESULTS.md is not written")
    parser.add_argument("--output", default=os.path.join(BENCH, "RESULTS.md"))
    args = parser.parse_args()

    bench = Bench(args)
    info = machine(bench.fsgen)
    load_before = os.getloadavg()
    print(f"fsgen bench: {info['cpu']}; {info['fsgen']}", flush=True)
    only = set(args.only or ["single", "budgets", "scale", "emission"])
    for name in ("single", "budgets", "scale", "emission"):
        if name in only:
            shown = len(bench.sections)
            getattr(bench, name)()
            for section in bench.sections[shown:]:
                report.print_section(section)
    if args.only:
        return
    targets = bench.targets()
    report.print_targets(targets)
    budgets = bench.budget_targets()
    report.print_targets(budgets, "Budgets of the runtime and of validation (issues 2 and 5)")
    profile = None
    if not args.no_profile:
        # Names for liblua's and libyaml's functions, where Debian's sources can be had.
        if subprocess.run(["make", "-s", "-C", BENCH, f"BUILD={bench.build}", "debug-libs"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            print("bench: make debug-libs failed: the profile shows liblua's functions unnamed", file=sys.stderr)
        wall = {"/bin/true": bench.prod["/bin/true (process floor)"].median(),
                "--version": bench.prod["fsgen --version (start-up, no render)"].median(),
                "render": bench.prod["fsgen overlays/prod.lua"].median()}
        profile = profile_fsgen.profile(bench.build, bench.work, ROOT, bench.fsgen, wall)
        print(profile.text())
    info["load"] = (f"load average {load_before[0]:.2f} when the run started, {os.getloadavg()[0]:.2f} "
                    f"when it ended (2 cores: anything above 0 is other work competing with the runs)")
    with open(args.output, "w") as f:
        f.write(report.markdown(info, bench.sections, bench.checks, targets, budgets, profile,
                                analysis.lines(bench, profile), args))
    print(f"wrote {os.path.relpath(args.output)}")


if __name__ == "__main__":
    main()
