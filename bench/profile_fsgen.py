"""Where a prod render's time goes: instruction counts from callgrind
(repeatable, unlike seconds), split at function boundaries that mark stages,
and the engine's own stages timed in process (bench/profile/phases.lua).

fsgen links Lua, libyaml, nettle, LuaFileSystem and the C library
statically, and their functions keep their names.  `make -C bench
debug-libs` rebuilds Debian's liblua5.4 and libyaml with symbols for what
still loads them shared: the build the hook is priced on, and lua5.4 with
fsgen's core module in the emitter's profile."""
import os
import re
import shutil
import statistics
import subprocess

BENCH = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r"^\s*([\d,]+) \([^)]*\)\s+(\S.*?)(?: \[(.*)\])?\s*$")

# Functions whose inclusive cost is one stage of a run (none calls another).
# What runs outside `main` (the C library's start-up and exit, the dynamic
# loader where there is one) is a stage of its own, "outside_main".
STAGES = [
    ("host_new_state", "Lua state and standard libraries"),
    ("luaU_undump", "loading precompiled Lua (engine modules and the chart)"),
    ("luaY_parser", "compiling Lua source (the overlays)"),
    ("schema_def_lua", "decoding the built-in schema's definitions validation asks for (core.schema_defs)"),
    ("yaml_emit_lua", "YAML emission (core.emit)"),
    ("host_drop_state", "releasing the Lua state's memory at exit"),
]


def build_type(build_dir):
    try:
        cache = open(os.path.join(build_dir, "CMakeCache.txt")).read()
    except OSError:
        return "?"
    kind = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", cache, re.M)
    kind = kind.group(1) if kind else ""
    flags = re.search(rf"^CMAKE_C_FLAGS_{kind.upper()}:\w+=(.*)$", cache, re.M) if kind else None
    return f"{kind or 'no build type'} ({flags.group(1) if flags else ''})"


def function_name(text):
    name = text.rsplit(":", 1)[-1] if ":" in text else text
    return name


def annotate(path, inclusive, toggle=None):
    args = ["callgrind_annotate", "--threshold=100", f"--inclusive={'yes' if inclusive else 'no'}", path]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout  # stderr: perl noise
    rows = []
    started = False
    for line in out.splitlines():
        if "file:function" in line:
            started = True
            continue
        if not started:
            continue
        if line.startswith("----") and rows:
            break
        m = LINE.match(line)
        if m:
            name = function_name(m.group(2))
            rows.append((int(m.group(1).replace(",", "")), name, linked_part(m.group(2), name, m.group(3) or "")))
    return rows


# The static archives fsgen is linked from, by the file name callgrind is given.
ARCHIVES = ("liblua5.4.a", "libyaml.a", "libnettle.a", "liblua5.4-filesystem.a", "libc.a", "libm.a")
_archive_of = None


def archive_of(name):
    """The archive among ARCHIVES that defines the function `name`, from
    their symbol tables (the first, in that order, if several do)."""
    global _archive_of
    if _archive_of is None:
        _archive_of = {}
        for archive in ARCHIVES:
            # Where the link found it (the bare name back when the compiler does not).
            path = subprocess.run(["cc", f"-print-file-name={archive}"], capture_output=True,
                                  text=True).stdout.strip()
            if not os.path.isabs(path):
                continue
            members = [path]
            with open(path, "rb") as f:
                head = f.read(4096)
            if head.startswith(b"/* GNU ld script"):  # libm.a: a GROUP of the real archives
                members = re.findall(r"/\S+\.a", head.decode())
            out = subprocess.run(["nm", "--defined-only", *members], capture_output=True, text=True).stdout
            for line in out.splitlines():
                parts = line.split()
                if len(parts) == 3 and parts[1] in "TtWi":
                    _archive_of.setdefault(parts[2], archive)
    return _archive_of.get(name)


def linked_part(where, name, obj):
    """fsgen links Debian's static archives: their functions (no debug
    information, so no file) are put down to the archive they came from, as
    if they were still shared libraries."""
    if os.path.basename(obj) != "fsgen" or not where.startswith("???"):
        return obj
    return archive_of(name.split("'")[0]) or obj


def merged(rows):
    """Self costs summed by function (recursion levels and entries callgrind
    could not place in a library, as for inlined code, together)."""
    objects, costs = {}, {}
    for ir, name, obj in rows:
        base = name.split("'")[0]
        costs[base] = costs.get(base, 0) + ir
        if obj:
            objects[base] = obj
    return sorted(((ir, name, objects.get(name, "")) for name, ir in costs.items()), reverse=True)


def total(path):
    with open(path) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise SystemExit(f"bench: no totals in {path}")


def object_kind(obj):
    base = os.path.basename(obj)
    for prefix, kind in (("liblua5.4-filesystem", "LuaFileSystem"), ("liblua", "Lua VM and libraries (liblua5.4)"),
                         ("libc.", "libc (malloc, free, string functions, start-up)"), ("libm.", "libm"),
                         ("libyaml", "libyaml"), ("ld-linux", "dynamic linker"),
                         ("libnettle", "nettle (SHA-256)"), ("core.so", "fsgen's C core")):
        if base.startswith(prefix):
            return kind
    if base == "lua5.4":
        return "the lua5.4 interpreter (Lua API calls)"
    if base == "fsgen":
        return "fsgen's C code"
    return base or "unknown (no object named)"


class Profile:
    def __init__(self):
        self.sections = []  # (title, lines)
        self.total = None  # instructions of a prod render
        self.startup = None  # instructions of fsgen --version
        self.stages = {}  # function (or "hook", "rest") -> instructions
        self.phases = []  # (stage, µs, calls), largest first; whole in self.phases_total
        self.phases_total = None
        self.emit_per_byte = None
        self.emit_by_library = []  # (library, share 0..1), largest first
        self.emit_functions = {}  # function -> share 0..1
        self.gc = self.alloc = None  # instructions in GC steps and in allocation
        self.cpuid_ns = None  # the price of one CPUID (bench/profile/cpuid_cost.c)
        self.cpuid = {}  # "render" / "true" -> {object: CPUIDs executed}
        self.cpuid_failed = None  # the signal that ended a counted run early, if one did

    def add(self, title, lines):
        self.sections.append((title, lines))

    def text(self):
        out = []
        for title, lines in self.sections:
            out.append(f"\n{title}")
            out += [line for line in lines]
        return "\n".join(out)

    def markdown(self):
        out = ["## Profile: where a prod render's time goes", ""]
        for title, lines in self.sections:
            out += [f"### {title}", ""] + lines + [""]
        return out


def share(part, whole):
    return f"{100.0 * part / whole:.1f}%"


def cpuid_probe(p, build, work, root, fsgen):
    """The CPUIDs a prod render and /bin/true execute (gdb), and their price."""
    cost = os.path.join(work, "cpuid-cost")
    if subprocess.run(["make", "-s", "-C", BENCH, f"BUILD={build}", cost],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        return
    p.cpuid_ns = float(subprocess.run([cost], capture_output=True, text=True, check=True).stdout)
    if not (shutil.which("gdb") and shutil.which("objdump")):
        return
    script = os.path.join(BENCH, "profile", "cpuid_count.py")
    for name, argv in (("render", [fsgen, "overlays/prod.lua"]), ("true", ["/bin/true"])):
        out = subprocess.run(["gdb", "-q", "-batch", "-x", script, "--args", *argv], cwd=root,
                             capture_output=True, text=True).stdout
        failed = [line.split()[1] for line in out.splitlines() if line.startswith("cpuid-failed ")]
        if failed:
            p.cpuid_failed = failed[0]
            p.cpuid.clear()
            return
        p.cpuid[name] = {obj: int(n) for _, obj, n in
                         (line.split() for line in out.splitlines() if line.startswith("cpuid "))}


def profile(build, work, root, fsgen, wall=None):
    p = Profile()
    if not shutil.which("valgrind"):
        p.add("Not profiled", ["valgrind is not installed."])
        return p
    env = dict(os.environ)
    debug_libs = os.path.join(work, "debug-libs")
    if os.path.exists(os.path.join(debug_libs, "liblua5.4.so.0")):
        env["LD_LIBRARY_PATH"] = debug_libs  # for the shared build's runs and lua5.4

    def callgrind(name, argv, extra_env=None, options=()):
        out = os.path.join(work, f"callgrind.{name}")
        run_env = dict(env, **(extra_env or {}))
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *options] + argv,
                       cwd=root, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return out

    cpuid_probe(p, build, work, root, fsgen)
    render = callgrind("render", [fsgen, "overlays/prod.lua"])
    startup = callgrind("version", [fsgen, "--version"])
    # LD_PRELOAD cannot reach into fsgen's static Lua: the hook is priced on
    # the same source linked with the shared liblua (bench/Makefile builds it).
    shared = os.path.join(work, "shared", "fsgen")
    if not os.path.exists(shared):
        raise SystemExit(f"bench: {shared} is missing (make -C bench shared-fsgen)")
    hooked = callgrind("render-shared", [shared, "overlays/prod.lua"])
    nohook = callgrind("render-nohook", [shared, "overlays/prod.lua"],
                       {"LD_PRELOAD": os.path.join(work, "nohook.so")})
    t_render, t_startup = total(render), total(startup)

    inclusive = annotate(render, True)
    found = {}
    for ir, name, _ in inclusive:
        if name in dict(STAGES) and name not in found:
            found[name] = ir
    # Only the overlays' code runs hooked now: a few thousand instructions,
    # within the two builds' noise, which must not show as a negative cost.
    hook = max(0, total(hooked) - total(nohook))
    lines = []
    if wall:
        floor, start, whole = wall["/bin/true"], wall["--version"], wall["render"]
        lines += [f"Wall clock, from the first table: a process that does nothing takes {floor * 1000:.2f} ms; "
                  f"`fsgen --version` (process, Lua state, engine modules loaded) {start * 1000:.2f} ms; "
                  f"the full prod render {whole * 1000:.2f} ms. Start-up is {share(start, whole)} of the "
                  f"render's time, the render itself {(whole - start) * 1000:.2f} ms.", ""]
    lines += [f"callgrind, `fsgen overlays/prod.lua`: **{t_render / 1e6:.1f} M instructions** "
             f"(`fsgen --version`, start-up without a render: {t_startup / 1e6:.1f} M)."
             + " Lua, libyaml, nettle, LuaFileSystem and the C library are linked from Debian's static "
               "archives, whose functions keep their names.", "",
             "| stage | instructions | share |", "|---|---:|---:|"]
    # Everything outside main: the C library's start-up and exit, and the
    # dynamic loader where fsgen is linked dynamically.
    in_main = next((ir for ir, name, _ in inclusive if name == "main"), t_render)
    found["outside_main"] = t_render - in_main
    accounted = found["outside_main"]
    rows = [(found["outside_main"], "outside `main`: the C library's start-up and exit (and the dynamic "
                                    "loader, where fsgen is linked dynamically)")]
    for fn, label in STAGES:
        if fn in found:
            rows.append((found[fn], f"{label} (`{fn}`)"))
            accounted += found[fn]
    p.total, p.startup = t_render, t_startup
    p.stages = dict(found, hook=hook, rest=t_render - accounted - hook)
    rows.append((hook, "the instruction-count hook (the sandbox's budget): on a build linked with the "
                       "shared liblua, a run minus a run with `lua_sethook` made a no-op "
                       "(bench/profile/nohook.c)"))
    accounted += hook
    rows.append((t_render - accounted, "the rest: engine and chart Lua code running (values, render, "
                                       "validation, order), with its GC and allocation"))
    for ir, label in sorted(rows, reverse=True):
        lines.append(f"| {label} | {ir / 1e6:.2f} M | {share(ir, t_render)} |")
    gc = sum(ir for ir, name, _ in inclusive if name == "luaC_step")
    alloc = sum(ir for ir, name, _ in merged(annotate(render, False))
                if name in ("malloc", "free", "realloc", "_int_malloc", "_int_free", "_int_realloc",
                            "malloc_consolidate", "unlink_chunk.constprop.0", "capped_alloc",
                            "lua_pool_resize", "lua_pool_free"))
    if gc:
        lines += ["", f"Spread over the stages above: incremental garbage collection (`luaC_step`, inclusive) "
                      f"{share(gc, t_render)}, and allocation (malloc, free, realloc, fsgen's "
                      f"`capped_alloc` and its block pool, self) {share(alloc, t_render)}."]
        p.gc, p.alloc = gc, alloc
    p.add("Stages of one render (instructions)", lines)

    by_object = {}
    for ir, name, obj in annotate(render, False):
        kind = object_kind(obj)
        by_object[kind] = by_object.get(kind, 0) + ir
    lines = ["| code | instructions (self) | share |", "|---|---:|---:|"]
    for kind, ir in sorted(by_object.items(), key=lambda kv: -kv[1]):
        if ir < t_render / 1000:
            continue
        lines.append(f"| {kind} | {ir / 1e6:.2f} M | {share(ir, t_render)} |")
    p.add("By library (self cost)", lines)

    top = merged(annotate(render, False))[:15]
    lines = ["| function | library | instructions (self) | share |", "|---|---|---:|---:|"]
    for ir, name, obj in top:
        lines.append(f"| `{name}` | {os.path.basename(obj)} | {ir / 1e6:.2f} M | {share(ir, t_render)} |")
    p.add("Hottest functions (self cost)", lines)

    lines = phases(build, root, p)
    if lines:
        p.add("Engine stages, timed in process (lua5.4, median of 9 processes)", lines)

    noinline = os.path.join(debug_libs, "noinline")
    emit = emitter(build, root, callgrind, noinline if os.path.isdir(noinline) else None, p)
    if emit:
        p.add("Inside the emitter (callgrind on bench/emit_throughput.lua, only inside core.emit, "
              "a 1 MB stream of bench/big objects)", emit)
    return p


def phase_samples(build, root, runs=9):
    """Stage -> list of µs over `runs` processes of bench/profile/phases.lua
    on overlays/prod.lua, and stage -> calls; None (and the error) if it failed."""
    env = dict(os.environ, LUA_PATH=f"{root}/lua/?.lua;{root}/lua/?/init.lua;;",
               LUA_CPATH=f"{build}/lmod/?.so;;")
    samples, calls = {}, {}
    for _ in range(runs):
        out = subprocess.run(["lua5.4", os.path.join(root, "bench", "profile", "phases.lua"), "overlays/prod.lua"],
                             cwd=root, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            return None, out.stderr.strip().splitlines()[0] if out.stderr else str(out.returncode)
        for line in out.stdout.splitlines():
            stage, us, n = line.split("\t")
            samples.setdefault(stage, []).append(float(us))
            calls[stage] = n
    return samples, calls


VALIDATE_STAGE = "validate (schema, names)"


def validation_share(build, root):
    """(µs of validation, µs of the rest) of one prod render in process, medians."""
    samples, _ = phase_samples(build, root)
    if not samples or VALIDATE_STAGE not in samples:
        return None
    validate = statistics.median(samples[VALIDATE_STAGE])
    return validate, statistics.median(samples["total"]) - validate


def phases(build, root, p):
    samples, calls = phase_samples(build, root)
    if samples is None:
        return [f"phases.lua failed: {calls}"]
    whole = statistics.median(samples.pop("total"))
    p.phases_total = whole
    p.phases = sorted(((stage, statistics.median(v), calls[stage]) for stage, v in samples.items()),
                      key=lambda t: -t[1])
    lines = [f"One render from overlays to YAML text, the work of `fsgen overlays/prod.lua` after "
             f"start-up: the second render of a lua5.4 process (files compiled by the first; fsgen "
             f"loads them precompiled), no instruction hook: **{whole / 1000:.2f} ms** of CPU. Each "
             f"stage exclusive of the stages it calls; calls = outermost calls.", "",
             "| stage | µs | share | calls |", "|---|---:|---:|---:|"]
    for stage, values in sorted(samples.items(), key=lambda kv: -statistics.median(kv[1])):
        us = statistics.median(values)
        lines.append(f"| {stage} | {us:.0f} | {share(us, whole)} | {calls[stage]} |")
    return lines


def emitter(build, root, callgrind, libyaml_dir, p):
    env = {"LUA_CPATH": f"{build}/lmod/?.so;;"}
    if libyaml_dir:
        env["LD_LIBRARY_PATH"] = libyaml_dir
    argv = ["lua5.4", os.path.join(root, "bench", "emit_throughput.lua"), "470", "1"]
    size = int(subprocess.run(argv, env=dict(os.environ, **env), capture_output=True, text=True,
                              check=True).stdout.split()[0])
    out = callgrind("emit", argv, env, ["--toggle-collect=yaml_emit_lua"])
    whole = total(out)
    functions = merged(annotate(out, False))
    by_object = {}
    for ir, name, obj in functions:
        kind = object_kind(obj)
        by_object[kind] = by_object.get(kind, 0) + ir
    p.emit_per_byte = whole / size
    p.emit_by_library = [(kind, ir / whole) for kind, ir in sorted(by_object.items(), key=lambda kv: -kv[1])]
    p.emit_functions = {name: ir / whole for ir, name, _ in functions}
    lines = [f"{whole / 1e6:.1f} M instructions for {size / 1e6:.2f} MB: "
             f"{whole / size:.0f} instructions per output byte" +
             (" (libyaml built without inlining, so that its static functions keep their own cost; "
              "its total moves by about 1%)" if libyaml_dir else "") + ". By library: " +
             ", ".join(f"{kind} {share(ir, whole)}" for kind, ir in
                       sorted(by_object.items(), key=lambda kv: -kv[1]) if ir >= whole / 100) + ".", "",
             "| function | library | instructions (self) | share |", "|---|---|---:|---:|"]
    for ir, name, obj in functions[:15]:
        lines.append(f"| `{name}` | {os.path.basename(obj)} | {ir / 1e6:.2f} M | {share(ir, whole)} |")
    return lines
