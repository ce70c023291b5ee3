-- The command: options from the C host in, output written.
local core = require "fsgen.core"
local engine = require "fsgen.engine"
local output = require "fsgen.output"

local M = {}

-- The make target a depfile names: the output directory, or for a stream the
-- depfile's own name without its ".d" (out/prod.yaml.d -> out/prod.yaml).
local function depfile_target(opts)
  if opts.output then return (opts.output:gsub("/+$", "")) end
  local target = opts.depfile:match("^(.*)%.d$")
  if not target then
    engine.fail("--depfile without -o must be named <target>.d (e.g. out/prod.yaml.d)", 2)
  end
  return target
end

function M.run(opts)
  local objects, run = engine.render(opts)
  for _, w in ipairs(run.warnings) do core.write_stderr("fsgen: warning: " .. w .. "\n") end
  local depfile
  if opts.depfile then depfile = output.depfile(depfile_target(opts), run.files) end
  if opts.output then
    core.write_dir((opts.output:gsub("/+$", "")), output.files(objects, run))
  else
    core.write_stdout(output.stream(objects, run))
  end
  if depfile then core.write_file(opts.depfile, depfile) end
end

return M
