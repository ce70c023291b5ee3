-- The invalid-object corpus of spec/validate/corpus/: every NN-name.yaml is
-- one case, a YAML stream of objects whose leading comment says what it
-- is about and what fsgen must report:
--   # <what the case is about>
--   # expect: <one message, exactly as fsgen prints it without "fsgen: ">
--   # warning: <one warning, likewise>
--   # crd: <file beside the case, given as --crd>
--   # strict: <one message expected instead when run with --strict-kinds>
local core = require "fsgen.core"
local validate = require "fsgen.validate"

local M = {}

M.dir = (os.getenv("FSGEN_SOURCE_DIR") or ".") .. "/spec/validate/corpus"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end
M.read = read

-- The case files, sorted (files without a leading number are helpers).
function M.list()
  local names = {}
  local p = io.popen("ls " .. M.dir)
  for name in p:lines() do
    if name:match("^%d+%-.*%.yaml$") then names[#names + 1] = name end
  end
  p:close()
  table.sort(names)
  return names
end

function M.load(name)
  local path = M.dir .. "/" .. name
  local text = read(path)
  local case = { name = name, path = path, text = text, expect = {}, warnings = {}, crds = {},
                  strict = {} }
  for line in text:gmatch("[^\n]*") do
    if not line:match("^#") then break end
    local key, rest = line:match("^# (%a[%a-]*):%s?(.*)$")
    if key == "expect" then
      case.expect[#case.expect + 1] = rest
    elseif key == "warning" then
      case.warnings[#case.warnings + 1] = rest
    elseif key == "crd" then
      case.crds[#case.crds + 1] = M.dir .. "/" .. rest
    elseif key == "strict" then
      case.strict[#case.strict + 1] = rest
    elseif not case.about then
      case.about = line:match("^#%s*(.*)$")
    end
  end
  return case
end

-- Runs fsgen's validator on a case: errors, warnings, the objects.
function M.run(case, opts)
  opts = opts or {}
  local docs = core.load_yaml(case.text, case.name, { multi = true })
  local warnings = {}
  local errors = validate.objects(docs, {
    crds = case.crds, warnings = warnings,
    strict_kinds = opts.strict_kinds,
  })
  return errors, warnings, docs
end

return M
