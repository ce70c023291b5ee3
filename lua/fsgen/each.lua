-- `fsgen --each -o DIR OVERLAY...`: every overlay is its own environment,
-- rendered in a fresh sandbox into DIR/<name>/ (with --stream: into one file,
-- DIR/<name>.yaml), spread over the processors.  Nothing is put in place
-- unless every environment rendered.
local core = require "fsgen.core"
local engine = require "fsgen.engine"
local fs = require "fsgen.fs"
local output = require "fsgen.output"

local M = {}

local function usage(message) engine.fail(message .. " (see fsgen --help)", 2) end

-- How an environment is written: a directory of a file per object, or with
-- --stream one file.  stage(target, content(objects, run, tests)) -> temporary.
local LAYOUTS = {
  dir = {
    suffix = "", content = output.files,
    stage = core.stage_dir, commit = core.commit_dir, discard = core.discard_dir,
  },
  stream = {
    suffix = ".yaml",
    content = function(objects, run, tests) return output.stream_file(tests and run.tests or objects, run) end,
    stage = core.stage_file, commit = core.commit_file, discard = core.discard_file,
  },
}

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

function M.run(opts)
  if not opts.output then usage("--each needs -o DIR (environments go to DIR/<name>/)") end
  if opts.depfile then usage("--each writes no depfile; give each environment its own run with --depfile") end
  if opts.check then usage("--each with --check is not supported; check each environment with its own run") end
  local refs = opts.overlays
  if #refs == 0 then usage("--each needs at least one overlay") end
  local out = opts.output:gsub("/+$", "")
  local layout = LAYOUTS[opts.stream and "stream" or "dir"]
  local names, targets, seen = {}, {}, {}
  for i, ref in ipairs(refs) do
    local name = ref:match("([^/]+)$"):gsub("%.lua$", "")
    local target = out .. "/" .. name .. layout.suffix
    if seen[target] then
      usage(("--each: %s and %s would both go to %s"):format(seen[target], ref, target))
    end
    seen[target], names[i], targets[i] = ref, name, target
  end
  if fs.kind(out) == nil then core.make_dir(out) end

  local host = require "fsgen.host"
  local results = host.parallel(host.cpus(), #refs, function(i)
    local o = copy(opts)
    o.overlays = { refs[i] }
    o.output = targets[i]
    local objects, run = engine.render(o)
    local staged = layout.stage(o.output, layout.content(objects, run, opts.tests))
    return staged .. "\0" .. table.concat(run.warnings, "\0")
  end)

  local errors, staged = {}, {}
  for i = 1, #refs do
    local r = results[i] or "\1no result"
    if r:sub(1, 1) == "\1" then
      errors[#errors + 1] = ("%s: %s"):format(names[i], r:sub(2))
    else
      local parts = {}
      for part in (r .. "\0"):gmatch("([^\0]*)\0") do parts[#parts + 1] = part end
      staged[i] = parts[1]
      for k = 2, #parts do
        if parts[k] ~= "" then core.write_stderr(("fsgen: warning: %s: %s\n"):format(names[i], parts[k])) end
      end
    end
  end
  if #errors > 0 then
    for _, tmp in pairs(staged) do layout.discard(tmp) end
    engine.fail(errors)
  end
  -- Each environment is put in place whole; when one cannot be, the rest
  -- are not, and nothing staged is left behind.
  for i = 1, #refs do
    local ok, err = pcall(layout.commit, staged[i], targets[i])
    if not ok then
      for k = i + 1, #refs do layout.discard(staged[k]) end
      error(err, 0)
    end
  end
end

return M
