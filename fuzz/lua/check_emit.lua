-- Oracles for the YAML emitter, on documents built from the input (see
-- fuzz_tables.lua; the first byte picks how documents are wrapped).
--   * it never crashes; a refusal is a one-line message naming no value
--   * what it writes loads back as the same data
local core = require "fsgen.core"
local tables = require "fuzz_tables"
local same = require "fuzz_same"

local MAX_NODES = 20000 -- a tree this large is slow to write, not interesting

local function bug(fmt, ...)
  error("BUG: " .. fmt:format(...), 0)
end

local function is_memory_error(err)
  return type(err) == "string" and (err == "not enough memory" or err:find("out of memory", 1, true))
end

local SOURCES = { "overlays/prod.lua", "charts/x/init.lua", "a b", "#", "x\ny", "\u{2028}", "é", "" }

return function(bytes)
  local flags = bytes:byte(1) or 0
  local stack = tables.build(bytes:sub(2))
  local docs = {}
  for i, v in ipairs(stack) do
    if tables.tree_size(v, MAX_NODES) > MAX_NODES then return end
    if flags & 1 == 1 and i == 1 then
      docs[i] = v -- as given: not every value is a document
    else
      local source = flags & 2 == 2 and SOURCES[(flags >> 2) % #SOURCES + 1] or nil
      docs[i] = { object = v, source = source }
    end
  end
  local ok, text = pcall(core.emit, docs)
  if not ok then
    if is_memory_error(text) then return end
    if type(text) ~= "string" then bug("error is a %s, not a message", type(text)) end
    if text:find("\n", 1, true) then bug("error of more than one line: %q", text) end
    if text:find(tables.SECRET, 1, true) then bug("error shows a string value: %q", text) end
    if text:match("^bad argument") or text:match("^[^:]*%.lua:%d+: attempt to") then
      bug("internal error instead of a message: %q", text)
    end
    return
  end
  if type(text) ~= "string" then bug("emit returned a %s", type(text)) end
  local loaded, back = pcall(core.load_yaml, text, "emitted.yaml", { multi = true, marks = false })
  if not loaded then
    if is_memory_error(back) then return end
    bug("emitted YAML does not load: %s\n%s", tostring(back), text)
  end
  if #back ~= #docs then bug("%d documents written, %d read back\n%s", #docs, #back, text) end
  for i = 1, #docs do
    local d = same.diff(docs[i].object, back[i])
    if d then bug("round trip of document %d changed %s\n%s", i, d, text) end
  end
  -- The same documents give the same bytes.
  if core.emit(docs) ~= text then bug("two emits of the same documents differ") end
end
