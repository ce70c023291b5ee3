#!/usr/bin/env python3
"""fsgen runtime benchmarks: whole-process timings, side by side in one run.

usage: python3 bench/run.py [BUILD_DIR]   (default: build)
Prints a table; nothing here is a test.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build"))
FSGEN = os.path.join(BUILD, "fsgen")
DEMO = os.path.join(ROOT, "spec", "fixtures", "demo")


def timed(cmd, runs, cwd=None):
    """Median and spread (min..max) of wall seconds, peak RSS (KiB) of the runs."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL)
        _, status, _ = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - t0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{cmd} failed with {proc.returncode}")
    # Peak RSS from GNU time: a child's own rusage also counts the pages of
    # the (large) Python process it was forked from.
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, check=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = int(out.stderr.strip().splitlines()[-1])
    return statistics.median(times), min(times), max(times), peak


def row(name, med, lo, hi, extra=""):
    print(f"{name:<48} {med * 1000:8.2f} ms  ({lo * 1000:.2f}..{hi * 1000:.2f}) {extra}")


def main():
    print(f"machine: {os.cpu_count()} cores; fsgen: {FSGEN}")
    med, lo, hi, rss = timed([FSGEN, "overlays/prod.lua"], 50, cwd=DEMO)
    row("demo chart, two overlays (per process)", med, lo, hi, f"peak RSS {rss / 1024:.1f} MB")
    med2, lo2, hi2, _ = timed(["true"], 50)
    row("floor: /bin/true (per process)", med2, lo2, hi2)
    med3, lo3, hi3, rss3 = timed([FSGEN, "--chart", os.path.join(ROOT, "bench", "big"),
                                  "--set", "count=500"], 5)
    row("synthetic chart, 1000 objects (per process)", med3, lo3, hi3, f"peak RSS {rss3 / 1024:.1f} MB")

    tmp = tempfile.mkdtemp()
    try:
        with open(os.path.join(tmp, "Makefile"), "w") as mk:
            targets = [f"out/{i}.yaml" for i in range(200)]
            mk.write("all: " + " ".join(targets) + "\n")
            mk.write(f"out/%.yaml:\n\t@mkdir -p out && {FSGEN} -n ns$* "
                     f"{DEMO}/overlays/prod.lua > $@\n")
        t0 = time.perf_counter()
        subprocess.run(["make", "-s", "-j2"], cwd=tmp, check=True)
        dt = time.perf_counter() - t0
        print(f"{'200 demo renders, make -j2 (total)':<48} {dt * 1000:8.2f} ms")
    finally:
        shutil.rmtree(tmp)

    env = dict(os.environ, LUA_CPATH=os.path.join(BUILD, "lmod", "?.so") + ";;")
    subprocess.run(["lua5.4", os.path.join(ROOT, "bench", "emit_throughput.lua"), "10"], env=env, check=True)


if __name__ == "__main__":
    main()
