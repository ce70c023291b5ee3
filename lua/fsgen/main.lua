-- The command: options from the C host in, output written.
local core = require "fsgen.core"
local engine = require "fsgen.engine"
local fs = require "fsgen.fs"
local output = require "fsgen.output"
-- diff, help and the subcommands load when used: every module loaded costs
-- start-up time on every run.

local M = {}

local SUBCOMMANDS = { explain = true, values = true, meta = true }

local function usage(message) engine.fail(message .. " (see fsgen --help)", 2) end

-- The make target a depfile names: the output directory, or for a stream the
-- depfile's own name without its ".d" (out/prod.yaml.d -> out/prod.yaml).
local function depfile_target(opts)
  if opts.output then return (opts.output:gsub("/+$", "")) end
  local target = opts.depfile:match("^(.*)%.d$")
  if not target then usage("--depfile without -o must be named <target>.d (e.g. out/prod.yaml.d)") end
  return target
end

-- Prints what --check found and fails when it is not nothing.
local function report(target, diffs)
  local text = table.concat(diffs)
  core.write_stdout(text)
  if text ~= "" then
    engine.fail(("%s is not up to date (the diff above is what a render would change)"):format(target))
  end
end

local function read_if_file(file)
  return fs.kind(file) == "file" and core.read_file(file) or nil
end

-- --check: compare what would be written with DIR; print a unified diff.
local function check(dir, files)
  local want, names = {}, {}
  for _, f in ipairs(files) do
    want[f.name] = f.content
    names[#names + 1] = f.name
  end
  for _, name in ipairs(fs.list(dir)) do
    if want[name] == nil and fs.kind(dir .. "/" .. name) == "file" then names[#names + 1] = name end
  end
  table.sort(names)
  local diff, out = require "fsgen.diff", {}
  for _, name in ipairs(names) do
    local file = dir .. "/" .. name
    out[#out + 1] = diff.unified(file, read_if_file(file), file, want[name])
  end
  report(dir, out)
end

-- --check --stream: the same for one file.
local function check_file(file, content)
  report(file, { require("fsgen.diff").unified(file, read_if_file(file), file, content) })
end

local function render(opts)
  if opts.stream and not opts.output then
    usage("--stream needs -o FILE (without -o the stream goes to stdout)")
  end
  local target = opts.output and opts.output:gsub("/+$", "")
  if opts.stream and fs.kind(target) == "directory" then
    engine.fail(("%s is a directory: --stream writes one file (name one with -o, or leave out --stream)")
      :format(target))
  end
  local objects, run = engine.render(opts)
  for _, w in ipairs(run.warnings) do core.write_stderr("fsgen: warning: " .. w .. "\n") end
  local shown = opts.tests and run.tests or objects -- what a stream holds
  local content, mode
  if opts.stream then content, mode = output.stream_file(shown, run) end
  if opts.check then
    if not target then usage("--check needs -o DIR (the directory to compare with)") end
    if opts.stream then return check_file(target, content) end
    return check(target, output.files(objects, run))
  end
  local depfile
  if opts.depfile then depfile = output.depfile(depfile_target(opts), run.files) end
  if opts.stream then
    local parent = fs.dirname(target)
    if fs.kind(parent) == nil then core.make_dir(parent) end -- -o out/prod.yaml on a fresh tree
    core.write_file(target, content, mode)
  elseif target then
    core.write_dir(target, output.files(objects, run))
  else
    core.write_stdout(output.stream(shown, run))
  end
  if depfile then core.write_file(opts.depfile, depfile) end
end

function M.run(opts)
  local command = SUBCOMMANDS[opts.overlays[1]] and table.remove(opts.overlays, 1) or nil
  if opts.version then return core.write_stdout("fsgen " .. opts.fsgen_version .. "\n") end
  if opts.help then return core.write_stdout(require("fsgen.help")[command or "main"]) end
  if command == "explain" then
    local target = table.remove(opts.overlays)
    if not target then usage("explain needs a PATH (a values path or Kind/name:field)") end
    return core.write_stdout(require("fsgen.explain").run(opts, target))
  elseif command == "meta" then
    local _, run = engine.render(opts)
    return core.write_stdout(require("fsgen.meta").annotations(run.chart))
  elseif command == "values" then
    local _, run = engine.render(opts)
    return core.write_stdout(require("fsgen.values_dump").yaml(
      run.merged, opts.show_origin and run.origins or nil, run.chart.secrets))
  end
  if opts.each then return require("fsgen.each").run(opts) end
  return render(opts)
end

return M
