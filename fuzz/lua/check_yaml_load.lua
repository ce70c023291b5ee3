-- Oracles for the YAML loader.  The first byte picks the options, the rest
-- is the file.
--   * an error is one line "fuzz.yaml:LINE:COL: ..." (or a memory error)
--   * every node read has a mark under the path the engine will ask for
--   * what was read, when it can be written, reads back the same
local core = require "fsgen.core"
local path = require "fsgen.path"
local same = require "fuzz_same"
local tables = require "fuzz_tables"

local NAME = "fuzz.yaml"
-- Aliases let a short input load as a large tree (up to the loader's
-- budget): writing such a tree back is slow and shows nothing new.
local MAX_ROUND_TRIP_NODES = 20000

local function bug(fmt, ...)
  error("BUG: " .. fmt:format(...), 0)
end

local function is_memory_error(err)
  return type(err) == "string" and (err == "not enough memory" or err:find("out of memory", 1, true))
end

local function check_error(err, text)
  if is_memory_error(err) then return end
  if type(err) ~= "string" then bug("error is a %s, not a message", type(err)) end
  if err:find("\n", 1, true) then bug("error of more than one line: %q", err) end
  local line, column = err:match("^fuzz%.yaml:(%d+):(%d+): .")
  if not line then bug("error without a position: %q", err) end
  local lines = 2
  for _, brk in ipairs { "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}" } do
    lines = lines + select(2, text:gsub(brk, ""))
  end
  if tonumber(line) > lines or tonumber(column) < 1 then
    bug("error position %s:%s outside the text (%d lines): %q", line, column, lines, err)
  end
end

-- The same for marks: an alias-expanded tree of the loader's whole budget
-- (250,000 nodes) takes minutes to walk under the fuzzing instrumentation.
-- The loader records every mark the same way, so a prefix of the walk
-- checks what a whole one would.
local MAX_MARKED_ENTRIES = 20000

-- Every map entry and list item has a mark at path.format(its path), for the
-- first MAX_MARKED_ENTRIES entries met (left: the count still to check).
local function check_marks(v, marks, segments, seen, left)
  if type(v) ~= "table" or seen[v] then return end
  seen[v] = true
  for k, x in next, v do
    if left.n <= 0 then break end
    left.n = left.n - 1
    segments[#segments + 1] = k
    local key = path.format(segments)
    local mark = marks[key]
    if type(mark) ~= "string" or not mark:match("^%d+:%d+$") then
      bug("no mark for %s (got %s)", key, tostring(mark))
    end
    check_marks(x, marks, segments, seen, left)
    segments[#segments] = nil
  end
  seen[v] = nil
end

local function round_trip(doc)
  if tables.tree_size(doc, MAX_ROUND_TRIP_NODES) > MAX_ROUND_TRIP_NODES then return end
  local ok, text = pcall(core.emit, { { object = doc, source = "fuzz" } })
  if not ok then
    if is_memory_error(text) then return end
    if type(text) ~= "string" or text:find("\n", 1, true) then bug("emit error: %q", tostring(text)) end
    -- What the loader reads but the emitter refuses: NaN and infinities.
    if not (text:find("cannot write NaN", 1, true) or text:find("infinity", 1, true)
            or text:find("nesting deeper than", 1, true)) then
      bug("loaded values the emitter refuses: %s", text)
    end
    return
  end
  local ok2, back = pcall(core.load_yaml, text, "emitted.yaml", { multi = true, marks = false })
  if not ok2 then
    if is_memory_error(back) then return end
    bug("emitted YAML does not load: %s\n%s", tostring(back), text)
  end
  if #back ~= 1 then bug("one document written, %d read back\n%s", #back, text) end
  local d = same.diff(doc, back[1])
  if d then bug("round trip changed %s\n%s", d, text) end
end

return function(bytes)
  local flags = bytes:byte(1) or 0
  local text = bytes:sub(2)
  local multi, marks_wanted = flags & 1 == 1, flags & 2 == 0
  local ok, v, marks = pcall(core.load_yaml, text, NAME, { multi = multi, marks = marks_wanted })
  if not ok then return check_error(v, text) end
  local docs, doc_marks = v, marks
  if not multi then docs, doc_marks = { v }, { marks } end
  for i, doc in ipairs(docs) do
    if marks_wanted then
      if type(doc_marks[i]) ~= "table" then bug("no marks table for document %d", i) end
      check_marks(doc, doc_marks[i], {}, {}, { n = MAX_MARKED_ENTRIES })
    end
    round_trip(doc)
  end
end
