-- The built-in schema is packed into the executable (cmake/schema_pack.lua,
-- runtime/schema_defs.c): every definition must come back as the very node
-- its generated module builds, with the same tables shared.
local cli = require "support.cli"
local core = require "fsgen.core"
local lfs = require "lfs"

-- Same values, and a table of one graph stands for exactly one of the other.
local function same_graph(a, b, pairing, path)
  if type(a) ~= "table" or type(b) ~= "table" then
    assert(math.type(a) == math.type(b) and a == b,
      ("%s: %s (%s) in the module, %s (%s) packed"):format(path, tostring(a), math.type(a) or type(a),
        tostring(b), math.type(b) or type(b)))
    return
  end
  if pairing.a[a] or pairing.b[b] then
    assert(pairing.a[a] == b and pairing.b[b] == a, path .. ": shared differently")
    return
  end
  pairing.a[a], pairing.b[b] = b, a
  for k, v in pairs(a) do same_graph(v, b[k], pairing, path .. "." .. tostring(k)) end
  for k in pairs(b) do assert(a[k] ~= nil, path .. "." .. tostring(k) .. ": only packed") end
end

describe("the packed schema", function()
  local dir = cli.src("lua/fsgen/schema/data")

  it("builds every definition of every module as the module does, sharing included", function()
    local modules, definitions = 0, 0
    for file in lfs.dir(dir) do
      if file:match("%.lua$") and file ~= "index.lua" then
        local mod = dofile(dir .. "/" .. file)
        local def = core.schema_defs()
        local pairing = { a = {}, b = {} }
        local names = {}
        for name in pairs(mod.ids) do names[#names + 1] = name end
        table.sort(names)
        for _, name in ipairs(names) do
          same_graph(mod.build(mod.ids[name]), def(name), pairing, name)
          definitions = definitions + 1
        end
        modules = modules + 1
      end
    end
    assert.is_true(modules > 40, "modules: " .. modules)
    assert.is_true(definitions > 600, "definitions: " .. definitions)
  end)

  it("gives one table per definition for each def function, and nil for unknown names", function()
    local def = core.schema_defs()
    local pod = def("io.k8s.api.core.v1.PodSpec")
    assert.are.equal(pod.props.containers.items, def("io.k8s.api.core.v1.PodSpec").props.containers.items)
    assert.are_not.equal(pod, core.schema_defs()("io.k8s.api.core.v1.PodSpec"))
    assert.is_nil(def("io.k8s.api.core.v1.PodSpe"))
    assert.is_nil(def("io.k8s.api.core.v1.PodSpecX"))
    assert.is_nil(def(""))
    assert.is_nil(def("zzz"))
  end)
end)
