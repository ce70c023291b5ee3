-- What the Flagsmith chart's specs share: one way to render (through
-- fsgen.engine, as the fsgen command does), lookups, base64 decoding, and
-- schema validation of the rendered objects with the shared k8s-validate
-- tool.
local core = require "fsgen.core"
local engine = require "fsgen.engine"

local M = {}

M.SOURCE_DIR = os.getenv("FSGEN_SOURCE_DIR") or "."

-- opts: overlays = { "overlays/x.lua" }, values = { ... } (like a -f file),
-- values_files = { "path.yaml" }, release = { name, namespace }.  Returns the
-- release's objects and the chart's tests.  An error is raised as its
-- one-line message.
function M.render(opts)
  opts = opts or {}
  local release = opts.release or {}
  local ok, objects, run = pcall(engine.render, {
    overlays = opts.overlays, values = opts.values, values_files = opts.values_files,
    name = release.name, namespace = release.namespace, data_dir = M.SOURCE_DIR,
  })
  if not ok then error(type(objects) == "table" and objects.message or objects, 0) end
  return objects, run.tests
end

-- The error message of a render that must fail.
function M.render_error(opts)
  local ok, err = pcall(M.render, opts)
  assert(not ok, "expected the render to fail")
  return tostring(err)
end

M.LONG_NAME = ("a"):rep(30) .. "-" .. ("b"):rep(39) -- 70 characters
M.RELEASES = {
  { name = "flagsmith", namespace = "default" },
  { name = "prod", namespace = "flags" },
  { name = M.LONG_NAME, namespace = "default" },
}

function M.find(objects, kind, name)
  for _, o in ipairs(objects) do
    if o.kind == kind and o.metadata.name == name then return o end
  end
  return nil
end

function M.all(objects, kind)
  local out = {}
  for _, o in ipairs(objects) do
    if o.kind == kind then out[#out + 1] = o end
  end
  return out
end

-- "Kind/name" of every object, sorted.
function M.inventory(objects)
  local out = {}
  for _, o in ipairs(objects) do out[#out + 1] = o.kind .. "/" .. o.metadata.name end
  table.sort(out)
  return out
end

function M.container(obj, name)
  local spec = obj.spec.template.spec
  for _, c in ipairs(spec.containers) do
    if name == nil or c.name == name then return c end
  end
  return nil
end

function M.init_container(obj, name)
  for _, c in ipairs(obj.spec.template.spec.initContainers or {}) do
    if c.name == name then return c end
  end
  return nil
end

-- name -> env entry; also the names in order.
function M.env(container)
  local by_name, order = {}, {}
  for _, e in ipairs(container.env or {}) do
    assert(by_name[e.name] == nil, "duplicate env entry " .. e.name)
    by_name[e.name] = e
    order[#order + 1] = e.name
  end
  return by_name, order
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
function M.b64decode(s)
  local bits = s:gsub("=", ""):gsub(".", function(c)
    local n = B64:find(c, 1, true) - 1
    local out = {}
    for i = 5, 0, -1 do out[#out + 1] = ((n >> i) & 1 == 1) and "1" or "0" end
    return table.concat(out)
  end)
  bits = bits:sub(1, #bits - #bits % 8)
  return (bits:gsub("%d%d%d%d%d%d%d%d", function(byte) return string.char(tonumber(byte, 2)) end))
end

-- The decoded `data` of a Secret.
function M.secret_data(secret)
  local out = {}
  for k, v in pairs(secret.data or {}) do out[k] = M.b64decode(v) end
  return out
end

local function json(v, out)
  local kind = type(v)
  if kind == "table" then
    if core.is_list(v) or v[1] ~= nil then
      out[#out + 1] = "["
      for i, x in ipairs(v) do
        if i > 1 then out[#out + 1] = "," end
        json(x, out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        json(k, out)
        out[#out + 1] = ":"
        json(v[k], out)
      end
      out[#out + 1] = "}"
    end
  elseif kind == "string" then
    out[#out + 1] = '"' .. v:gsub('[%c"\\]', function(c)
      return ({ ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t" })[c]
        or ("\\u%04x"):format(c:byte())
    end) .. '"'
  elseif kind == "number" then
    out[#out + 1] = math.type(v) == "integer" and tostring(v) or ("%.17g"):format(v)
  elseif kind == "boolean" then
    out[#out + 1] = tostring(v)
  elseif core.is_null(v) then
    out[#out + 1] = "null"
  else
    error("cannot write a " .. kind .. " as JSON")
  end
end

function M.to_json(v)
  local out = {}
  json(v, out)
  return table.concat(out)
end

local VALIDATOR = M.SOURCE_DIR .. "/../shared/tools/k8s-validate/k8s-validate"

function M.validator_available()
  local f = io.open(VALIDATOR, "r")
  if not f then return false end
  f:close()
  return true
end

-- Runs k8s-validate on the objects (one JSON file each); returns ok, output.
function M.validate(objects)
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir -p '" .. dir .. "'"))
  for i, o in ipairs(objects) do
    local f = assert(io.open(("%s/%03d.json"):format(dir, i), "w"))
    f:write(M.to_json(o))
    f:close()
  end
  local p = io.popen(("'%s' '%s' 2>&1"):format(VALIDATOR, dir))
  local output = p:read("a")
  local ok = p:close()
  os.execute("rm -rf '" .. dir .. "'")
  return ok, output
end

return M
