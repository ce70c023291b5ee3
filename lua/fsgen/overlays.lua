-- Loading overlays: resolving references, `extends` depth first (each file
-- once, cycles named), checking each overlay's shape.
local core = require "fsgen.core"
local fs = require "fsgen.fs"
local suggest = require "fsgen.suggest"

local M = {}

local FIELDS = { chart = "string", extends = "table", release = "table",
  values = { table = true, ["function"] = true }, patches = "table",
  transform = "function", description = "string" }

local function field_names()
  local names = {}
  for k in pairs(FIELDS) do names[#names + 1] = k end
  table.sort(names)
  return names
end

local function check_shape(name, overlay)
  if type(overlay) ~= "table" then
    error(("%s: an overlay must return a table, got %s"):format(name, type(overlay)), 0)
  end
  local keys = {}
  for k in pairs(overlay) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local want = FIELDS[k]
    if want == nil then
      local near = suggest.nearest(k, field_names())
      error(("%s: unknown overlay field '%s'%s"):format(name, k,
        near and (" (did you mean '" .. near .. "'?)") or
        (" (overlay fields: " .. table.concat(field_names(), ", ") .. ")")), 0)
    end
    local got = type(overlay[k])
    if (type(want) == "string" and got ~= want) or (type(want) == "table" and not want[got]) then
      local expected = type(want) == "string" and want or "table or function"
      error(("%s: overlay field '%s' must be a %s, got a %s"):format(name, k, expected, got), 0)
    end
  end
end

-- Finds the file an `extends` entry or a command-line argument names.  A
-- path (has a "/" or ends in .lua) is relative to from_dir; a bare name is a
-- shipped overlay ("prod" is overlays/prod.lua of fsgen, even from a team's
-- own prod.lua).  Returns the path, or nil and a description of the miss.
function M.resolve(ref, from_dir, shipped_dir)
  if ref:find("/", 1, true) or ref:match("%.lua$") then
    local path = fs.join(from_dir, ref)
    if fs.is_file(path) then return path end
    return nil, ("no such overlay (looked for %s)"):format(path)
  end
  local path = shipped_dir .. "/" .. ref .. ".lua"
  if fs.is_file(path) then return path end
  local names = {}
  for _, f in ipairs(fs.list(shipped_dir)) do
    if f:match("%.lua$") then names[#names + 1] = f:gsub("%.lua$", "") end
  end
  return nil, ("no shipped overlay '%s' (shipped: %s; a path of your own needs a / or .lua)")
    :format(ref, table.concat(names, ", "))
end

-- Loads the overlays named on the command line with everything they extend,
-- and returns them in layering order: { {name=, path=, text=, overlay=}, ... }.
function M.load_all(refs, ctx)
  local ordered, done, stack = {}, {}, {}

  local function visit(path, from)
    local real = fs.realpath(path) or path
    if done[real] then return end
    for i, entry in ipairs(stack) do
      if entry.real == real then
        local names = {}
        for j = i, #stack do names[#names + 1] = stack[j].name end
        names[#names + 1] = stack[i].name
        error(("%s: extends cycle: %s"):format(from, table.concat(names, " -> ")), 0)
      end
    end
    local name = ctx.loader:display(path)
    stack[#stack + 1] = { real = real, name = name }
    local overlay = ctx.loader:run(path)
    check_shape(name, overlay)
    for i, ref in ipairs(overlay.extends or {}) do
      if type(ref) ~= "string" then
        error(("%s: extends[%d] must be a string (an overlay path or name)"):format(name, i), 0)
      end
      local target, miss = M.resolve(ref, fs.dirname(path), ctx.overlay_dir)
      if not target then error(("%s: extends '%s': %s"):format(name, ref, miss), 0) end
      visit(target, name)
    end
    stack[#stack] = nil
    done[real] = true
    ordered[#ordered + 1] = { name = name, path = path, overlay = overlay,
      text = ctx.loader.texts[real] }
  end

  for _, ref in ipairs(refs) do
    local path, miss = M.resolve(ref, ".", ctx.overlay_dir)
    if not path then error(("%s: %s"):format(ref, miss), 0) end
    visit(path, ref)
  end
  return ordered
end

-- Where in an overlay's text a values path is set: the line of the last
-- segment found, each searched from the line of the one before.
function M.locator(text)
  local lines
  return function(segments)
    if not lines then
      lines = {}
      for line in (text .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line end
    end
    local from, found = 1, nil
    for _, seg in ipairs(segments) do
      if type(seg) == "string" then
        local plain = seg:gsub("%p", "%%%0")
        for i = from, #lines do
          local l = lines[i]
          if l:find("%f[%w_]" .. plain .. "%s*=") or l:find("%[%s*[\"']" .. plain .. "[\"']%s*%]%s*=") then
            from, found = i, i
            break
          end
        end
      end
    end
    return found
  end
end

return M
