-- Packs the generated schema modules (lua/fsgen/schema/data/<group>.lua,
-- not index.lua) into a C file of constant data that runtime/schema_defs.c
-- turns back into the same node tables, one definition at a time.
--
--   lua5.4 cmake/schema_pack.lua OUT.c MODULE.lua...
--
-- Why: as Lua bytecode a module is loaded whole for any one definition a
-- run needs (core/v1 alone is 60 kB; the modules a prod render touched
-- were 7% of its instructions); as constant data in the binary it costs
-- nothing until a definition is asked for.  The modules stay the reviewed form (tools/gen-schema writes
-- them); this is only their encoding.
--
-- Encoding (see runtime/schema_pack.h): a value is a tag byte and its body;
-- integers are LEB128, signed ones zigzag.  Tables reached more than once
-- from a module's definitions (its shared nodes) are written once and
-- referred to by number, so the decoded graph shares exactly what the
-- module's own tables share.  Keys are written sorted: the output depends
-- only on the modules.
local FALSE, TRUE, INT, FLOAT, STR, TABLE, SHARED = 1, 2, 3, 4, 5, 6, 7

local out_path = arg[1]
if not out_path or not arg[2] then
  io.stderr:write("usage: lua5.4 schema_pack.lua OUT.c MODULE.lua...\n")
  os.exit(2)
end

local function die(msg)
  io.stderr:write("schema_pack: " .. msg .. "\n")
  os.exit(1)
end

local strings, string_index = {}, {}
local function intern(s)
  local i = string_index[s]
  if not i then
    strings[#strings + 1] = s
    i = #strings - 1
    string_index[s] = i
  end
  return i
end

local code = {}      -- byte strings, concatenated at the end
local code_size = 0
local function put(bytes)
  code[#code + 1] = bytes
  code_size = code_size + #bytes
end

local function uleb(n)
  local parts = {}
  repeat
    local b = n & 0x7f
    n = n >> 7
    parts[#parts + 1] = string.char(n ~= 0 and (b | 0x80) or b)
  until n == 0
  return table.concat(parts)
end

local function key_order(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  if ta == "boolean" then return (not a) and b end
  return a < b
end

-- How the array part and the rest of t divide: 1..n, then the other keys.
local function split_keys(t)
  local n = #t
  local others = {}
  for k in pairs(t) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then others[#others + 1] = k end
  end
  table.sort(others, key_order)
  return n, others
end

local function count_refs(t, refs)
  refs[t] = (refs[t] or 0) + 1
  if refs[t] > 1 then return end
  for _, v in pairs(t) do
    if type(v) == "table" then count_refs(v, refs) end
  end
end

local shared_at = {}        -- shared node number (from 0) -> code offset
local encode

local function encode_value(v, shared)
  local tv = type(v)
  if tv == "boolean" then
    put(string.char(v and TRUE or FALSE))
  elseif math.type(v) == "integer" then
    put(string.char(INT) .. uleb((v << 1) ~ (v >> 63)))
  elseif tv == "number" then
    put(string.char(FLOAT) .. string.pack("<d", v))
  elseif tv == "string" then
    put(string.char(STR) .. uleb(intern(v)))
  elseif tv == "table" then
    local number = shared.numbers[v]
    if number then
      put(string.char(SHARED) .. uleb(number))
    else
      encode(v, shared)
    end
  else
    die("cannot encode a " .. tv)
  end
end

function encode(t, shared)
  local n, others = split_keys(t)
  put(string.char(TABLE) .. uleb(n) .. uleb(#others) .. uleb(shared.room[t] or 0))
  for i = 1, n do encode_value(t[i], shared) end
  for _, k in ipairs(others) do
    encode_value(k, shared)
    encode_value(t[k], shared)
  end
end

local defs = {}   -- { name =, name_index =, at = }
local defined = {} -- name -> true
local next_shared = 0

for i = 2, #arg do
  local file = arg[i]
  local ok, mod = pcall(dofile, file)
  if not ok then die(tostring(mod)) end
  if type(mod) ~= "table" or type(mod.ids) ~= "table" or type(mod.build) ~= "function" then
    die(file .. ": not a schema data module (ids, build)")
  end
  local names = {}
  for name in pairs(mod.ids) do names[#names + 1] = name end
  table.sort(names)
  local nodes, refs = {}, {}
  for _, name in ipairs(names) do
    nodes[name] = mod.build(mod.ids[name])
    count_refs(nodes[name], refs)
  end
  -- The validator notes on each node it meets how to check it (_n, _f:
  -- fsgen.validate.walk); room for two more keys saves growing every node
  -- table on its first use.  Nodes: definitions, the values of props, and
  -- items and add.
  local room = {}
  local function mark_nodes(v)
    if type(v) ~= "table" or room[v] then return end
    room[v] = 2
    for k, x in pairs(v) do
      if k == "props" and type(x) == "table" then
        for _, node in pairs(x) do mark_nodes(node) end
      elseif k == "items" or k == "add" then
        mark_nodes(x)
      end
    end
  end
  for _, name in ipairs(names) do mark_nodes(nodes[name]) end

  -- Shared nodes (a definition may be one: gen-schema writes identical
  -- subtrees once) are numbered in the order they are first reached.
  local shared = { numbers = {}, room = room }
  local visited = {}
  local function number_shared(v)
    if type(v) ~= "table" or visited[v] then return end
    visited[v] = true
    if refs[v] > 1 then
      shared.numbers[v] = next_shared
      next_shared = next_shared + 1
    end
    local n, others = split_keys(v)
    for j = 1, n do number_shared(v[j]) end
    for _, k in ipairs(others) do
      number_shared(k)
      number_shared(v[k])
    end
  end
  for _, name in ipairs(names) do number_shared(nodes[name]) end
  for _, name in ipairs(names) do
    if defined[name] then die(file .. ": " .. name .. " defined twice") end
    defined[name] = true
    defs[#defs + 1] = { name = name, name_index = intern(name), at = code_size }
    encode_value(nodes[name], shared)
  end
  -- Shared nodes after the definitions, each once, in number order.
  local by_number = {}
  for t, number in pairs(shared.numbers) do by_number[#by_number + 1] = { t = t, number = number } end
  table.sort(by_number, function(a, b) return a.number < b.number end)
  for _, s in ipairs(by_number) do
    shared_at[s.number + 1] = code_size
    encode(s.t, shared)
  end
end

-- Byte order, as the runtime's binary search compares (Lua's < is strcoll).
local function byte_less(a, b)
  for j = 1, math.min(#a, #b) do
    local x, y = a:byte(j), b:byte(j)
    if x ~= y then return x < y end
  end
  return #a < #b
end
table.sort(defs, function(a, b) return byte_less(a.name, b.name) end)

-- C output ------------------------------------------------------------------

local function c_bytes(s)
  local lines = {}
  for i = 1, #s, 20 do
    local chunk = s:sub(i, i + 19)
    lines[#lines + 1] = "  " .. chunk:gsub(".", function(c) return ("%d,"):format(c:byte()) end)
  end
  return table.concat(lines, "\n")
end

local function c_numbers(list)
  local lines = {}
  for i = 1, #list, 12 do
    local row = {}
    for j = i, math.min(i + 11, #list) do row[#row + 1] = ("%du,"):format(list[j]) end
    lines[#lines + 1] = "  " .. table.concat(row, " ")
  end
  return table.concat(lines, "\n")
end

local text_parts, string_at, text_size = {}, {}, 0
for i, s in ipairs(strings) do
  string_at[i] = text_size
  text_parts[i] = s
  text_size = text_size + #s
end
string_at[#strings + 1] = text_size

local def_rows = {}
for i, d in ipairs(defs) do def_rows[i] = ("  {%du, %du},"):format(d.name_index, d.at) end

local body = {
  "/* Generated by cmake/schema_pack.lua from lua/fsgen/schema/data: do not edit. */",
  '#include "schema_pack.h"',
  "",
  "static const unsigned char code[] = {",
  c_bytes(table.concat(code)),
  "};",
  "",
  "static const unsigned char text[] = {",
  c_bytes(table.concat(text_parts) .. "\0"),
  "};",
  "",
  "static const uint32_t string_at[] = {",
  c_numbers(string_at),
  "};",
  "",
  "static const uint32_t shared_at[] = {",
  c_numbers(#shared_at > 0 and shared_at or { 0 }),
  "};",
  "",
  "static const struct schema_pack_def defs[] = {",
  table.concat(def_rows, "\n"),
  "};",
  "",
  ("const struct schema_pack schema_pack = {code, %du, text, string_at, %du, shared_at, %du, defs, %du};")
    :format(code_size, #strings, #shared_at, #defs),
  "",
}
local tmp = out_path .. ".tmp"
local f = assert(io.open(tmp, "wb"))
f:write(table.concat(body, "\n"))
assert(f:close())
assert(os.rename(tmp, out_path))
