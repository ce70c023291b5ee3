-- Reading YAML with PyYAML (a YAML 1.1 reader, with both its pure-Python and
-- its libyaml parser), to check that what fsgen writes reads back the same in
-- YAML 1.1 too.  Values are compared as canon texts, made identically by the
-- Lua and the Python side: type-exact, keys sorted.
local core = require "fsgen.core"

local M = {}

local function hex(s)
  return (s:gsub(".", function(c) return ("%02x"):format(c:byte()) end))
end

function M.canon(v)
  if v == core.null then return "~" end
  local t = type(v)
  if t == "boolean" then return "b:" .. tostring(v) end
  if math.type(v) == "integer" then return ("i:%d"):format(v) end
  if t == "number" then return ("f:%.17g"):format(v) end
  if t == "string" then return "s:" .. hex(v) end
  assert(t == "table", "cannot canon a " .. t)
  if next(v) == nil then return core.is_list(v) and "[]" or "{}" end
  if v[1] ~= nil then
    local items = {}
    for i, x in ipairs(v) do items[i] = M.canon(x) end
    return "[" .. table.concat(items, ",") .. "]"
  end
  local items = {}
  for k, x in pairs(v) do items[#items + 1] = M.canon(k) .. "=" .. M.canon(x) end
  table.sort(items)
  return "{" .. table.concat(items, ",") .. "}"
end

local PYTHON = [[
import sys, yaml
def canon(v):
    if v is None: return "~"
    if isinstance(v, bool): return "b:" + ("true" if v else "false")
    if isinstance(v, int): return "i:%d" % v
    if isinstance(v, float): return "f:%.17g" % v
    if isinstance(v, str): return "s:" + v.encode("utf-8").hex()
    if isinstance(v, list): return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(sorted(canon(k) + "=" + canon(x) for k, x in v.items())) + "}"
    return "?" + type(v).__name__ + ":" + repr(v)
data = open(sys.argv[1], "rb").read()
loaders = [("python", yaml.SafeLoader)]
if hasattr(yaml, "CSafeLoader"): loaders.append(("libyaml", yaml.CSafeLoader))
for name, loader in loaders:
    for doc in yaml.load_all(data, Loader=loader):
        print(name + "\t" + canon(doc))
]]

local function write_file(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

-- For each PyYAML parser ("python", "libyaml"), the canon text of every
-- document of the stream, in order.
function M.read(stream)
  local script, input = os.tmpname(), os.tmpname()
  write_file(script, PYTHON)
  write_file(input, stream)
  local p = assert(io.popen("python3 " .. script .. " " .. input .. " 2>&1"))
  local by_parser, lines = {}, {}
  for line in p:lines() do
    lines[#lines + 1] = line
    local parser, text = line:match("^(%a+)\t(.*)$")
    if parser then
      by_parser[parser] = by_parser[parser] or {}
      table.insert(by_parser[parser], text)
    end
  end
  local ok = p:close()
  os.remove(script)
  os.remove(input)
  assert(ok, "python3 failed: " .. table.concat(lines, "\n"))
  return by_parser
end

return M
