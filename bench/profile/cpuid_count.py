"""Counts the CPUID instructions a process executes, from exec to exit.

gdb -q -batch -x cpuid_count.py --args PROGRAM ARGS...   prints "cpuid <object> <count>" lines,
or one "cpuid-failed <signal>" line when the program died under the breakpoints
(some hypervisors emulate CPUID by a trap that a debugger's step over it breaks)

On a virtual machine every CPUID traps to the hypervisor, so the count times
the price of one (cpuid_cost.c) is time no code of the program's own can
save.  Each executable object is disassembled (objdump) as it is mapped, and
every CPUID in it gets a breakpoint that counts and goes on.
"""
import collections
import subprocess

import gdb

counts = collections.Counter()
done = set()
signals = []  # signals the program stopped for: its count would be of a cut-short run


def on_stop(event):
    if isinstance(event, gdb.SignalEvent):
        signals.append(event.stop_signal)


class Counter(gdb.Breakpoint):
    def __init__(self, address, name):
        super().__init__(f"*{address:#x}", internal=True)
        self.name = name

    def stop(self):
        counts[self.name] += 1
        return False


def cpuid_offsets(path):
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", path], capture_output=True,
                         text=True).stdout
    return [int(line.split(":")[0], 16) for line in out.splitlines()
            if line.strip().endswith("cpuid") and ":" in line]


def arm_new_objects():
    """Breakpoints on every CPUID of each object mapped since the last look."""
    bases = {}
    for line in gdb.execute("info proc mappings", to_string=True).splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[-1].startswith("/") and parts[-1] not in bases:
            bases[parts[-1]] = (int(parts[0], 16), int(parts[3], 16))  # start, file offset
    for path, (start, offset) in bases.items():
        if path in done or offset != 0:
            continue
        done.add(path)
        # Shared objects and PIE executables are linked at 0; others at their addresses.
        header = subprocess.run(["readelf", "-h", path], capture_output=True, text=True).stdout
        base = start if "DYN" in header else 0
        for address in cpuid_offsets(path):
            Counter(base + address, path.rsplit("/", 1)[-1])


gdb.events.stop.connect(on_stop)
gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("set stop-on-solib-events 1")
gdb.execute("starti", to_string=True)
arm_new_objects()
while True:
    try:
        gdb.execute("continue", to_string=True)
    except gdb.error:
        break
    if not gdb.selected_inferior().pid:
        break
    arm_new_objects()

if signals:
    print(f"cpuid-failed {signals[0]}")
else:
    for name, n in sorted(counts.items()):
        print(f"cpuid {name} {n}")
