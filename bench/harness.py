"""Whole-process timing: commands run side by side in rounds, so that every
case is measured under the same machine conditions as the fsgen runs it is
compared with; peak RSS from GNU time, never from a child of this (large)
Python process."""
import os
import statistics
import subprocess
import time

DEVNULL = os.open(os.devnull, os.O_WRONLY)


class Case:
    """One command to time.  prepare() runs before every run, untimed (e.g. to
    remove the previous run's output directory).  stdout: a path, or None for
    /dev/null."""

    def __init__(self, label, argv, cwd=None, env=None, stdout=None, prepare=None, units=1):
        self.label = label
        self.argv = argv
        self.cwd = cwd
        self.env = env
        self.stdout = stdout
        self.prepare = prepare
        self.units = units  # environments (or bytes) one run handles
        self.times = []
        self.cpu = []  # user + system seconds of the process and the children it waited for
        self.sys = []  # the system (kernel) part of those
        self.peak_kb = None

    def run_once(self):
        if self.prepare:
            self.prepare()
        out = DEVNULL
        if self.stdout:
            out = os.open(self.stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        actions = [(os.POSIX_SPAWN_DUP2, out, 1)]
        env = self.env if self.env is not None else os.environ
        # The child inherits the working directory: no extra process for cd.
        home = os.getcwd()
        if self.cwd:
            os.chdir(self.cwd)
        try:
            started = time.perf_counter()
            pid = os.posix_spawnp(self.argv[0], self.argv, env, file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            elapsed = time.perf_counter() - started
        finally:
            os.chdir(home)
        if out != DEVNULL:
            os.close(out)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit(f"bench: {self.label}: {' '.join(self.argv)} exited with {code}")
        self.times.append(elapsed)
        self.cpu.append(usage.ru_utime + usage.ru_stime)
        self.sys.append(usage.ru_stime)
        return elapsed

    def measure_peak(self, record=False):
        """Peak RSS in KiB of the largest process the command ran (GNU time
        reports the maximum over the process and the children it waited for).
        record: count this run's times too (for a case too slow to repeat)."""
        if self.prepare:
            self.prepare()
        out = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + self.argv, cwd=self.cwd, env=self.env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if out.returncode != 0:
            raise SystemExit(f"bench: {self.label}: failed under /usr/bin/time: {out.stderr[-500:]}")
        elapsed, user, system, peak = out.stderr.strip().splitlines()[-1].split()
        self.peak_kb = int(peak)
        if record:
            self.times.append(float(elapsed))
            self.cpu.append(float(user) + float(system))
            self.sys.append(float(system))
        return self.peak_kb

    # Statistics over the runs, in seconds.
    def median(self):
        return statistics.median(self.times)

    def cpu_median(self):
        return statistics.median(self.cpu)

    def sys_share(self):
        """The kernel's share of the CPU time, over all the runs.  The kernel
        splits a process's time into user and system at its clock ticks, so
        one run of a few milliseconds says little; hundreds say enough."""
        return sum(self.sys) / sum(self.cpu) if sum(self.cpu) > 0 else 0.0

    def quartiles(self):
        if len(self.times) < 4:
            return min(self.times), max(self.times)
        q = statistics.quantiles(self.times, n=4, method="inclusive")
        return q[0], q[2]

    def spread_pct(self):
        """Half the interquartile range, as a share of the median."""
        lo, hi = self.quartiles()
        return 50.0 * (hi - lo) / self.median()


def alternate(cases, rounds, reference=None, warmup=1):
    """Runs every case once per round, in turn; with a reference case (fsgen),
    the reference runs again before each other case, so each comparison is
    between neighbouring runs.  Warm-up rounds are not recorded."""
    for r in range(warmup + rounds):
        order = cases[r % len(cases):] + cases[:r % len(cases)]
        for case in order:
            if reference is not None and case is not reference:
                reference.run_once()
            case.run_once()
        if r < warmup:
            for case in cases + ([reference] if reference is not None else []):
                case.times.clear()
                case.cpu.clear()
                case.sys.clear()


SPIN = ["sh", "-c", "i=0; while [ $i -lt 600000 ]; do i=$((i+1)); done"]


def free_cores():
    """How many cores this run actually got: the wall time of one CPU-bound
    shell loop over that of two run at once, times two (2.0 on an idle
    2-core machine; less while other work competes)."""
    def wall(copies):
        started = time.perf_counter()
        pids = [os.posix_spawnp(SPIN[0], SPIN, os.environ) for _ in range(copies)]
        for pid in pids:
            os.waitpid(pid, 0)
        return time.perf_counter() - started
    alone = statistics.median(wall(1) for _ in range(3))
    together = statistics.median(wall(2) for _ in range(3))
    return 2 * alone / together
