-- Step 7: objects to bytes.  A stream for stdout, or a directory of one file
-- per object plus kustomization.yaml (written atomically by the C core), and
-- the depfile.
local core = require "fsgen.core"

local M = {}

-- File modes: a file holding a Secret is readable by its owner only.
local PRIVATE, READABLE = tonumber("600", 8), tonumber("644", 8)

local function document(obj, run)
  return { object = obj, source = run.sources[obj] }
end

function M.stream(objects, run)
  local docs = {}
  for i, obj in ipairs(objects) do docs[i] = document(obj, run) end
  return core.emit(docs)
end

-- A stream written to a file (--stream), and its mode: private when it holds
-- a Secret, as a Secret's own file is.
function M.stream_file(objects, run)
  local mode = READABLE
  for _, obj in ipairs(objects) do
    if obj.kind == "Secret" then mode = PRIVATE end
  end
  return M.stream(objects, run), mode
end

local function file_name(obj, taken)
  local kind = obj.kind:lower()
  local base = kind .. "-" .. obj.metadata.name:lower()
  if taken[base] and obj.metadata.namespace then
    base = kind .. "-" .. obj.metadata.namespace:lower() .. "-" .. obj.metadata.name:lower()
  end
  local name, n = base, 1
  while taken[name] do
    n = n + 1
    name = base .. "-" .. n
  end
  taken[name] = true
  return name .. ".yaml"
end

-- One directory's files: an object per file and the kustomization.yaml
-- listing them in apply order.
local function directory(objects, run, prefix, files)
  local taken, resources = { kustomization = true }, {}
  for _, obj in ipairs(objects) do
    local name = file_name(obj, taken)
    files[#files + 1] = {
      name = prefix .. name,
      content = core.emit { document(obj, run) },
      mode = obj.kind == "Secret" and PRIVATE or READABLE,
    }
    resources[#resources + 1] = name
  end
  files[#files + 1] = {
    name = prefix .. "kustomization.yaml",
    content = core.emit { { object = {
      apiVersion = "kustomize.config.k8s.io/v1beta1",
      kind = "Kustomization",
      resources = core.list(resources),
    } } },
    mode = READABLE,
  }
end

-- The files of `-o DIR`: each object in its own file, in apply order, listed
-- by kustomization.yaml; chart tests the same way under tests/, which
-- `kubectl apply -f DIR` (not recursive) and the kustomization leave out.
-- Secrets are readable by the owner only.
function M.files(objects, run)
  local files = {}
  directory(objects, run, "", files)
  if run.tests and #run.tests > 0 then directory(run.tests, run, "tests/", files) end
  return files
end

local function make_escape(p)
  return (p:gsub("([ #:])", "\\%1"):gsub("%$", "$$"))
end

-- A make rule "target: every file read", plus an empty rule per file so that
-- a deleted file does not break the build (as gcc -MP does).
function M.depfile(target, files)
  local parts = { make_escape(target) .. ":" }
  for _, f in ipairs(files) do parts[#parts + 1] = " \\\n  " .. make_escape(f) end
  parts[#parts + 1] = "\n"
  for _, f in ipairs(files) do parts[#parts + 1] = "\n" .. make_escape(f) .. ":\n" end
  return table.concat(parts)
end

return M
