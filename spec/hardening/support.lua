-- Helpers shared by the hardening specs: directory snapshots, timing and
-- peak memory of one fsgen run, generated inputs.
local cli = require "support.cli"

local M = {}

-- The listing, snapshot and file helpers of support.cli, under the names
-- these specs use.
M.ls, M.snapshot, M.write = cli.list, cli.snapshot, cli.write

-- Names in dir that look like a temporary fsgen left behind.
function M.temporaries(dir)
  local found = {}
  for _, n in ipairs(M.ls(dir)) do
    if n:find("%.tmp%-") then found[#found + 1] = n end
  end
  return found
end

-- The number of lines of s (a final newline ends the last line).
function M.line_count(s)
  return select(2, (s or ""):gsub("\n", ""))
end

-- Runs fsgen like cli.run({args}, opts), also measuring wall time
-- (.seconds) and, with GNU time, peak resident memory in KB (.max_kb; nil
-- when unknown or when a wrapper such as valgrind runs fsgen).
local gnu_time = io.popen("test -x /usr/bin/time && echo yes"):read("l") == "yes"
function M.run_measured(args, opts)
  opts = opts or {}
  local q = {}
  for i, a in ipairs(args) do q[i] = cli.quote(a) end
  local started = M.now()
  if not gnu_time or cli.wrapper then
    local r = cli.run(table.concat(q, " "), opts)
    r.seconds = M.now() - started
    return r
  end
  local report, out, err = os.tmpname(), os.tmpname(), os.tmpname()
  local cmd = ("%s%s/usr/bin/time -f %%M -o %s %s %s >%s 2>%s"):format(
    opts.cwd and ("cd " .. cli.quote(opts.cwd) .. " && ") or "",
    opts.env and (opts.env .. " ") or "",
    report, cli.quote(cli.bin), table.concat(q, " "), out, err)
  local _, _, code = os.execute(cmd)
  local r = { code = code, stdout = cli.read(out), stderr = cli.read(err) }
  r.seconds = M.now() - started
  r.max_kb = tonumber((cli.read(report) or ""):match("(%d+)%s*$"))
  -- GNU time reports a signal death on its own first line
  if (cli.read(report) or ""):find("Command terminated by signal", 1, true) then r.code = 128 end
  for _, f in ipairs { report, out, err } do os.remove(f) end
  return r
end

-- Wall-clock seconds with sub-second precision (os.time is whole seconds).
function M.now()
  local p = io.popen("date +%s.%N")
  local t = tonumber(p:read("l"))
  p:close()
  return t
end

-- Whether fsgen was built with AddressSanitizer: memory figures differ.
function M.sanitized()
  local p = io.popen("nm -D " .. cli.quote(cli.bin) .. " 2>/dev/null | grep -c __asan_init")
  local n = tonumber(p:read("l")) or 0
  p:close()
  return n > 0 or (os.getenv("LD_PRELOAD") or ""):find("asan", 1, true) ~= nil
end

return M
