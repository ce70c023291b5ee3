"""The "what dominates" part of RESULTS.md: the measured shares of this run,
ranked, each with what makes that part cost what it costs."""

# Why each stage of a render costs what it does (true of the code measured;
# the numbers that go with it are this run's).
WHY = {
    "rest": "Lua code of the engine and the chart running: loading the chart's modules, values "
            "layering and checking (where each value came from is recorded only when something asks), "
            "the chart's render, validation, ordering; with the table "
            "building, string interning and allocation it causes. The collector does not run in a "
            "render whose heap stays under 4 MB (a prod render's is about 1 MB, nearly all of it live "
            "to the end). The engine stages table below splits it.",
    "hook": "the sandbox's instruction budget is a count hook (lua_sethook with LUA_MASKCOUNT). While "
            "any count hook is set, Lua 5.4 leaves the VM's fast path: every VM instruction goes "
            "through luaG_traceexec and every return through rethook, whatever the count. Only the "
            "overlays' code runs under it: the shipped chart, precompiled from exactly the text on "
            "disk, runs as fsgen's own code, like the engine.",
    "schema_def_lua": "building the node tables of the Kubernetes definitions that validation asks "
                      "for, from the schema packed into the executable as constant data "
                      "(runtime/schema_defs.c): each definition once per run, with the strings and "
                      "subtrees it shares with others made once.",
    "luaU_undump": "loading the precompiled chunks (the engine's modules and the shipped chart's, both "
                   "without debug information; an error raised in the chart is rendered again from its "
                   "text to name the line): luaU_undump allocates and interns every function "
                   "prototype, constant and string of every module loaded, whether or not this run "
                   "calls it. Parts of the chart that are switched off are not loaded.",
    "host_drop_state": "giving the Lua state's memory back at exit: a run that ended well releases "
                       "the block pool whole (its arenas and large blocks) instead of freeing every "
                       "object one by one with lua_close.",
    "yaml_emit_lua": "writing the YAML (see the emitter's own profile).",
    "luaY_parser": "compiling the overlays, which are not precompiled (they are the user's files).",
    "outside_main": "the C library's start-up and exit. fsgen is a static PIE (Lua, libyaml, "
                    "nettle, LuaFileSystem and libc linked in): before `main` it relocates its own "
                    "pointers to the address the kernel chose, picks the string functions for this "
                    "CPU and sets up thread-local storage; there is no dynamic loader to run and no "
                    "shared library to map.",
    "host_new_state": "creating the Lua state and opening the standard libraries.",
}

LABEL = {
    "rest": "engine and chart Lua code",
    "hook": "instruction-count hook",
    "luaU_undump": "loading precompiled Lua",
    "schema_def_lua": "decoding schema definitions",
    "host_drop_state": "releasing memory at exit",
    "yaml_emit_lua": "YAML emission",
    "luaY_parser": "compiling overlays",
    "outside_main": "process start-up and exit",
    "host_new_state": "Lua state set-up",
}


def share(part, whole):
    return f"{100.0 * part / whole:.0f}%"


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


# Issue 7's target for one prod render, a whole process, in seconds.
PROCESS_TARGET = 0.0015


def below_target(floor):
    """The clause saying that the 1.5 ms target is under this machine's process floor, if it is."""
    if floor <= PROCESS_TARGET:
        return ""
    return (" (more than the whole target: on this machine no program, however small, starts and "
            "exits within 1.5 ms)")


def floor_lines(floor, start, profile):
    """What of start-up is the machine's, and why the rest is not cached."""
    out = []
    ns = profile and profile.cpuid_ns
    render, true = (profile.cpuid.get("render"), profile.cpuid.get("true")) if profile else (None, None)
    if ns and render and true:
        loader = sum(true.values())
        own = sum(render.values()) - loader
        out.append(f"**The process floor of this machine.** Every process starts by asking the CPU what it "
                   f"is: glibc executes {loader} CPUID instructions before `main` in /bin/true (counted "
                   f"with gdb: bench/profile/cpuid_count.py), and one CPUID costs {ns / 1000:.1f} µs here "
                   f"(bench/profile/cpuid_cost.c), because on a virtual machine each one traps to the "
                   f"hypervisor: {ms(loader * ns / 1e9)} of CPU in /bin/true's {ms(floor.median())} and in "
                   f"every fsgen run alike. fsgen adds {own} (nettle choosing its SHA-256 code, "
                   f"{ms(own * ns / 1e9)}). Outside a virtual machine CPUID is an ordinary instruction "
                   f"of a few hundred cycles.")
        out.append("")
    elif ns and profile.cpuid_failed:
        out.append(f"**The process floor of this machine.** One CPUID costs {ns / 1000:.1f} µs here "
                   f"(bench/profile/cpuid_cost.c), because on a virtual machine each one traps to the "
                   f"hypervisor; how many a process executes could not be counted on this machine: under "
                   f"the counter's breakpoints (bench/profile/cpuid_count.py) the program died of "
                   f"{profile.cpuid_failed} at its first CPUID, so no count is given.")
        out.append("")
    out.append(f"**Why start-up is not cached further.** The engine and the shipped chart are loaded "
               f"precompiled and the state is not closed at exit; what start-up still costs above the "
               f"process floor ({ms(start.median() - floor.median())} for `--version`) is, for its larger "
               f"part, luaU_undump building the engine's function prototypes and interning their "
               f"strings; the rest is the Lua arena's huge page, zeroed on first touch, and the page "
               f"faults of the executable's code and data as the run first reaches them. "
               f"The cache left would be an image of the Lua heap after start-up, mapped by the next "
               f"run. Lua's heap holds raw pointers into the executable (C functions, the shared empty "
               f"table node), so an image only works where the executable is loaded at the same "
               f"address: relocating it needs Lua's private object layout (not part of liblua5.4-dev), "
               f"and the alternative, an executable linked without PIE, gives up address-space "
               f"randomisation in a program that runs overlay code. Neither is taken.")
    out.append("")
    return out


def lines(bench, profile):
    out = ["## What dominates the remaining time", ""]
    fsgen = bench.prod["fsgen overlays/prod.lua"]
    start = bench.prod["fsgen --version (start-up, no render)"]
    floor = bench.prod["/bin/true (process floor)"]
    out.append(f"**One prod render** takes {ms(fsgen.median())} wall ({ms(fsgen.cpu_median())} CPU) "
               f"against a target of 1.5 ms. A process that does nothing costs {ms(floor.median())}"
               f"{below_target(floor.median())}; "
               f"fsgen's start-up (`--version`: state, engine modules) {ms(start.median())}; the render "
               f"itself the remaining {ms(fsgen.median() - start.median())}. The kernel's share of the "
               f"render's CPU time is {share(fsgen.sys_share(), 1)} (system time summed over its "
               f"{len(fsgen.sys)} runs, {sum(fsgen.cpu):.1f} s of CPU in all: the kernel "
               f"splits time into user and system at its clock ticks, so one run says nothing): "
               f"starting the process (a static executable: no shared library to map), "
               f"page faults (the Lua arena is one 2 MB huge page, zeroed on first "
               f"touch), and the system calls that read the chart's modules and overlays (four each); "
               f"the instructions below are the rest, the user time.")
    out.append("")
    out += floor_lines(floor, start, profile)
    if profile and profile.total:
        out.append(f"In instructions (callgrind, {profile.total / 1e6:.1f} M for the render, "
                   f"{profile.startup / 1e6:.1f} M for `--version`), largest first:")
        out.append("")
        ranked = sorted(profile.stages.items(), key=lambda kv: -kv[1])
        for i, (stage, ir) in enumerate(ranked, 1):
            out.append(f"{i}. **{LABEL.get(stage, stage)}: {share(ir, profile.total)}** "
                       f"({ir / 1e6:.1f} M): {WHY.get(stage, '')}")
        out.append("")
        if profile.gc:
            out.append(f"Across those stages, garbage collection steps take {share(profile.gc, profile.total)} "
                       f"and allocation (malloc and the block pool) {share(profile.alloc, profile.total)} of the instructions.")
            out.append("")
    if profile and profile.phases:
        top = profile.phases[:4]
        out.append(f"Inside the Lua code (in-process timing, {profile.phases_total / 1000:.2f} ms without "
                   f"hook or loading): " + "; ".join(
                       f"{stage} {share(us, profile.phases_total)} ({us:.0f} µs, {calls} call"
                       f"{'s' if str(calls) != '1' else ''})" for stage, us, calls in top) + ".")
        out.append("")
    thousand = [(cases, cores) for n, cases, cores in getattr(bench, "scale_rows", []) if n == 1000]
    if thousand:
        cases, cores = thousand[0]
        each, stream = cases[1], cases[2]
        out.append(f"**1,000 environments** in one `--each --stream` run (a file each): "
                   f"{stream.median():.2f} s wall with {cores:.1f} of 2 cores free, "
                   f"{stream.cpu_median():.2f} s of CPU: {ms(stream.cpu_median() / 1000)} per environment, "
                   f"against {ms(fsgen.cpu_median())} for a whole single-environment process. Even with both "
                   f"cores free the run cannot take less than half its CPU time, "
                   f"{stream.cpu_median() / 2:.2f} s; 1 s on 2 cores needs at most 2 ms of CPU per "
                   f"environment. Start-up is paid once here, so the per-render costs above decide it. "
                   f"Into a directory per environment (a file per object and a kustomization.yaml) "
                   f"the same run takes {each.median():.2f} s wall, {ms(each.cpu_median() / 1000)} of CPU "
                   f"per environment: the difference is the creating of those files.")
        out.append("")
    if profile and profile.emit_per_byte:
        libs = ", ".join(f"{kind} {share(s, 1)}" for kind, s in profile.emit_by_library if s >= 0.01)
        analyse = profile.emit_functions.get("yaml_emitter_analyze_scalar")
        style = profile.emit_functions.get("yaml_scalar_style")
        rates = [f"{mb} MB: {rate / 1e6:.0f} MB/s" for mb, _, rate, _ in getattr(bench, "emit_rows", [])]
        text = (f"**Emission** ({', '.join(rates)} for the emitter alone, target 100 MB/s) costs "
                f"{profile.emit_per_byte:.0f} instructions per output byte: {libs}.")
        if analyse and style:
            text += (f" Every scalar is analysed twice: by fsgen's own quoting decision "
                     f"(`yaml_scalar_style`, {share(style, 1)}) and again by libyaml "
                     f"(`yaml_emitter_analyze_scalar`, {share(analyse, 1)}), which then copies each "
                     f"event's strings (`yaml_scalar_event_initialize`, `yaml_event_delete`, malloc/free) "
                     f"and writes character by character with a UTF-8 check.")
        out.append(text)
        out.append("")
    return out
