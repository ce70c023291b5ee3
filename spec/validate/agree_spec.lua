-- fsgen's validator and the independent one (../shared/tools/k8s-validate)
-- agree: every object one rejects, the other rejects too, on the invalid
-- corpus and on the independent tool's own test data; every golden output
-- passes both.  Skipped when the tool or its Python modules are missing.
local core = require "fsgen.core"
local cases = require "validate.cases"
local validate = require "fsgen.validate"

local source = os.getenv("FSGEN_SOURCE_DIR") or "."
local shared = source .. "/../shared"
local TOOL = shared .. "/tools/k8s-validate/k8s-validate"
local TESTDATA = shared .. "/tools/k8s-validate/testdata"

-- Objects one validator rejects and the other does not, on purpose.
local DIFFERENCES = {
  ["66-openshift-route.yaml Route/web"] =
    "fsgen knows route.openshift.io/v1 Route (a schema written in tools/gen-schema); "
    .. "k8s-validate has no schema for it and skips it",
  ["76-replicas-negative.yaml StatefulSet/db"] =
    "the API server refuses negative replicas (ValidateNonnegativeField); the schema does not say so "
    .. "and k8s-validate does not check it",
}

-- Problems of k8s-validate's test data that are not about objects: fsgen's
-- YAML loader reports them itself, and fsgen never emits a v1 List.
local TESTDATA_DIFFERENCES = {
  ["bad/03-integer-for-string.yaml Deployment/flagsmith-api"] =
    "k8s-validate reads `yes` as YAML 1.1 true; fsgen reads YAML 1.2, where it is a string",
  ["bad/07-apiversion-kind.yaml -/-"] = "a document that is a list: fsgen names it 'object 5'",
  ["bad/08-yaml-problems.yaml ConfigMap/flagsmith-config-2"] = "a duplicate YAML key: fsgen's loader refuses the file",
  ["bad/08-yaml-problems.yaml -/-"] = "a YAML syntax error: fsgen's loader refuses the file",
  ["good/list.json List/-"] = "fsgen emits objects, never a v1 List",
}

local function run(cmd)
  local p = io.popen(cmd .. " 2>&1")
  local out = p:read("a")
  local _, _, code = p:close()
  return out, code
end

local available = (function()
  local f = io.open(TOOL, "r")
  if not f then return false end
  f:close()
  local _, code = run("/usr/bin/python3 -c 'import yaml, jsonschema'")
  return code == 0
end)()

-- The identity k8s-validate prints for a document: Kind/name, "-" for what is missing.
local function ident(doc)
  local kind = type(doc) == "table" and type(doc.kind) == "string" and doc.kind or "-"
  local m = type(doc) == "table" and type(doc.metadata) == "table" and doc.metadata or {}
  return kind .. "/" .. (type(m.name) == "string" and m.name or "-")
end

-- What k8s-validate rejects in the given files: file -> set of identities
-- (and its whole output).  One run for many files: it starts slowly.
local function rejected_by_tool(paths, opts)
  local args = {}
  for _, crd in ipairs(opts and opts.crds or {}) do args[#args + 1] = "--crd '" .. crd .. "'" end
  if opts and opts.allow_duplicates then args[#args + 1] = "--allow-duplicates" end
  for _, path in ipairs(paths) do args[#args + 1] = "'" .. path .. "'" end
  local out = run(TOOL .. " " .. table.concat(args, " "))
  local by_file = {}
  for _, path in ipairs(paths) do by_file[path] = {} end
  for line in out:gmatch("[^\n]+") do
    local file, who, rest = line:match("^(%S+):%d+ (%S+): (.*)$")
    if file and by_file[file] and not rest:match("^skipped") then by_file[file][who] = true end
  end
  return by_file, out
end

-- Identities of the objects fsgen rejects ("object N" mapped to the document).
local function rejected_by_fsgen(docs, errors)
  local set = {}
  for _, e in ipairs(errors) do
    local who = e:match("^(.-): ")
    local n = who:match("^object (%d+)$")
    set[n and ident(docs[tonumber(n)]) or who] = true
  end
  return set
end

local function compare(label, mine, theirs, differences, tool_output)
  local problems = {}
  for who in pairs(mine) do
    if not theirs[who] and not differences[label .. " " .. who] then
      problems[#problems + 1] = "only fsgen rejects " .. who
    end
  end
  for who in pairs(theirs) do
    if not mine[who] and not differences[label .. " " .. who] then
      problems[#problems + 1] = "only k8s-validate rejects " .. who
    end
  end
  table.sort(problems)
  assert.are.same({}, problems, label .. "\n" .. (tool_output or ""))
end

local describe_if = available and describe or pending

describe_if("agreement with k8s-validate", function()
  describe("invalid corpus", function()
    -- Objects of different cases share names: duplicates are the concern of
    -- the one case about them, checked on its own.
    local names, paths, crds, loaded = cases.list(), {}, {}, {}
    for _, name in ipairs(names) do
      local case = cases.load(name)
      local errors, _, docs = cases.run(case)
      loaded[name] = { case = case, errors = errors, docs = docs }
      paths[#paths + 1] = case.path
      for _, crd in ipairs(case.crds) do crds[#crds + 1] = crd end
      -- A CRD among the objects describes its custom resources for both.
      for _, doc in ipairs(docs) do
        if doc.kind == "CustomResourceDefinition" then crds[#crds + 1] = case.path break end
      end
    end
    local tool, out = rejected_by_tool(paths, { crds = crds, allow_duplicates = true })
    local dup = cases.load("59-duplicate-object.yaml")
    tool[dup.path] = rejected_by_tool({ dup.path })[dup.path]

    for _, name in ipairs(names) do
      it(name, function()
        local l = loaded[name]
        compare(name, rejected_by_fsgen(l.docs, l.errors), tool[l.case.path], DIFFERENCES, out)
      end)
    end

    it("lists only differences that exist", function()
      for key in pairs(DIFFERENCES) do
        local name, who = key:match("^(%S+) (.+)$")
        local l = loaded[name]
        assert.are_not.equal(rejected_by_fsgen(l.docs, l.errors)[who] == true,
          tool[l.case.path][who] == true, key)
      end
    end)
  end)

  describe("k8s-validate's own test data", function()
    local files = {}
    local p = io.popen("cd '" .. TESTDATA .. "' && ls good/*.yaml good/*.json bad/*.yaml 2>/dev/null")
    for f in p:lines() do files[#files + 1] = TESTDATA .. "/" .. f end
    p:close()
    local tool, out = rejected_by_tool(files, { allow_duplicates = true })
    for _, path in ipairs(files) do
      local f = path:sub(#TESTDATA + 2)
      it(f, function()
        local text = cases.read(path)
        local ok, docs = pcall(core.load_yaml, text, f, { multi = true })
        local mine = {}
        if ok then
          local objects = {}
          for _, d in ipairs(docs) do
            if type(d) == "table" and d.kind == "List" then
              mine["List/-"] = true
            else
              objects[#objects + 1] = d
            end
          end
          for who in pairs(rejected_by_fsgen(objects, validate.objects(objects, { warnings = {} }))) do
            mine[who] = true
          end
        else
          -- fsgen's loader refused the file: every object of it is rejected.
          for who in pairs(tool[path]) do mine[who] = true end
        end
        compare(f, mine, tool[path], TESTDATA_DIFFERENCES, out)
      end)
    end
  end)

  describe("golden outputs pass both validators", function()
    local files = {}
    local p = io.popen("ls '" .. source .. "/spec/golden/'*.yaml")
    for f in p:lines() do files[#files + 1] = f end
    p:close()
    for _, f in ipairs(files) do
      it(f:match("[^/]+$"), function()
        local docs = core.load_yaml(cases.read(f), f, { multi = true })
        assert.are.same({}, validate.objects(docs, { warnings = {} }))
        local out, code = run(("%s '%s'"):format(TOOL, f))
        assert.are.equal(0, code, out)
      end)
    end
  end)
end)
