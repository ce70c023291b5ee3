-- Step 6 of the data flow: checks every object must pass before anything is
-- written.  Today: the shape every Kubernetes object needs and uniqueness;
-- the schema checks of the Kubernetes API plug in here.
local M = {}

local function where(obj, i)
  local kind = type(obj) == "table" and obj.kind
  local meta = type(obj) == "table" and obj.metadata
  local name = type(meta) == "table" and meta.name
  if type(kind) == "string" and type(name) == "string" then return kind .. "/" .. name end
  return ("object %d"):format(i)
end
M.where = where

-- Returns a list of one-line messages (empty when every object is fine).
function M.objects(objects, opts)
  local errors, seen = {}, {}
  for i, obj in ipairs(objects) do
    local w = where(obj, i)
    if type(obj) ~= "table" then
      errors[#errors + 1] = ("%s: is a %s, not an object table"):format(w, type(obj))
    else
      if type(obj.apiVersion) ~= "string" or obj.apiVersion == "" then
        errors[#errors + 1] = ("%s: apiVersion: missing (every object needs apiVersion and kind)"):format(w)
      end
      if type(obj.kind) ~= "string" or obj.kind == "" then
        errors[#errors + 1] = ("%s: kind: missing (every object needs apiVersion and kind)"):format(w)
      end
      local meta = obj.metadata
      if type(meta) ~= "table" or type(meta.name) ~= "string" or meta.name == "" then
        errors[#errors + 1] = ("%s: metadata.name: missing"):format(w)
      else
        local key = table.concat({ tostring(obj.apiVersion):match("^[^/]*/") and tostring(obj.apiVersion):match("^([^/]*)/") or "",
          tostring(obj.kind), tostring(meta.namespace or ""), meta.name }, "\0")
        if seen[key] then
          errors[#errors + 1] = ("%s: emitted twice (objects %d and %d have the same kind, namespace and name)")
            :format(w, seen[key], i)
        else
          seen[key] = i
        end
      end
    end
  end
  return errors
end

return M
