-- Builds Lua values from fuzz bytes with a small stack machine, so that
-- every byte string is some tree of tables (shared subtables, cycles,
-- markers, odd keys and all) and small mutations make small changes.
--
-- Each byte is an operation (low 4 bits) and may consume argument bytes.
local core = require "fsgen.core"

local M = {}

-- The one string that must never appear in a message: it is only ever a
-- value, never (even as part of a longer string) a key, a kind or a name.
M.SECRET = "S3CR3T-hunter2"

-- Words that steer the code under test: known keys, strings YAML readers
-- take for other types, characters that need quoting or are line breaks.
M.WORDS = {
  "apiVersion", "kind", "metadata", "name", "spec", "namespace", "labels", "annotations",
  "image", "repository", "tag", "replicas", "enabled", "secret", "password", "hosts",
  "env", "ports", "nested", "a", "b", "c", "commonLabels", "resources", "*",
  "", " ", "true", "yes", "No", "on", "off", "y", "n", "null", "Null", "~", "8080", "0x1F",
  "0o17", "1e3", "1_000", ".inf", "-.Inf", ".nan", "+12", "012", "3.0", "1:20", "2001-12-14",
  "-", "- x", "? x", ": x", "a: b", "a #b", "#c", "x #", "&a", "*a", "!t", "|", ">", "%x",
  "@", "`", "'", "\"", "{", "}", "[", "]", ",", "<<", "=", "a.b", "a[0]", "\\",
  "multi\nline", "trailing\n", "\n", "\r\n", "\t", "lead ", " trail", "tab\tin",
  "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{A0}", "\u{1F600}", "\u{E000}",
  "é", "\xC3", "\xFF", "\xED\xA0\x80", "\0", "\x7F", "\x1B[0m", "---", "...", "--- x",
  "Deployment", "Secret", "v1", "apps/v1", "demo-web",
}

-- Whether v is a string with the secret in it: raw bytes and repeats may
-- spell it out inside a longer key, and a key is fair to show.
function M.holds_secret(v)
  return type(v) == "string" and v:find(M.SECRET, 1, true) ~= nil
end

local Builder = {}
Builder.__index = Builder

function Builder:byte()
  local i = self.pos
  if i > #self.bytes then return nil end
  self.pos = i + 1
  return self.bytes:byte(i)
end

function Builder:bytes_of(n)
  local s = self.bytes:sub(self.pos, self.pos + n - 1)
  self.pos = self.pos + n
  return s
end

function Builder:push(v)
  if #self.stack < 64 then self.stack[#self.stack + 1] = v end
end

function Builder:pop()
  local v = self.stack[#self.stack]
  self.stack[#self.stack] = nil
  return v
end

function Builder:top_table()
  for i = #self.stack, 1, -1 do
    if type(self.stack[i]) == "table" then return self.stack[i] end
  end
  return nil
end

-- A key for t: what the stack machine offers, made safe for the rules
-- (no nil or NaN keys; only plain data keys when data_only).
function Builder:key(k)
  if k == nil or k ~= k then return "k" end
  if M.holds_secret(k) then return "notsecret" end
  if self.data_only and type(k) ~= "string" and math.type(k) ~= "integer" then return "k" end
  return k
end

-- A value for key k: the secret never goes where messages may print it.
local function value_for(k, v)
  if (k == "kind" or k == "name") and M.holds_secret(v) then return "x" end
  return v
end

local ops = {}

ops[0] = function(b) -- short string of raw bytes
  b:push(b:bytes_of((b:byte() or 0) % 24))
end
ops[1] = function(b) -- a word
  b:push(M.WORDS[(b:byte() or 0) % #M.WORDS + 1])
end
ops[2] = function(b) -- small integer
  b:push((b:byte() or 0) - 64)
end
ops[3] = function(b) -- any 64-bit integer
  local s = b:bytes_of(8)
  if #s == 8 then b:push((string.unpack("<i8", s))) end
end
ops[4] = function(b) -- any double (NaN, infinities, -0.0, subnormals)
  local s = b:bytes_of(8)
  if #s == 8 then
    local x = string.unpack("<d", s)
    b:push(x)
  end
end
ops[5] = function(b) -- boolean, null or the secret
  local which = (b:byte() or 0) % 4
  if which == 0 then b:push(false)
  elseif which == 1 then b:push(true)
  elseif which == 2 then b:push(core.null)
  else b:push(M.SECRET) end
end
ops[6] = function(b) b:push({}) end
ops[7] = function(b) -- tag the nearest table
  local t = b:top_table()
  if t then
    local which = (b:byte() or 0) % 3
    if which == 0 then pcall(core.list, t)
    elseif which == 1 then pcall(core.map, t)
    else debug.setmetatable(t, nil) end
  end
end
ops[8] = function(b) -- t[k] = v
  local v, k = b:pop(), b:pop()
  local t = b:top_table()
  if t then
    k = b:key(k)
    rawset(t, k, value_for(k, v))
  end
end
ops[9] = function(b) -- append v
  local v = b:pop()
  local t = b:top_table()
  if t and v ~= nil then rawset(t, #t + 1, v) end
end
ops[10] = function(b) -- t[i] = v for a small i: holes, zero, negatives
  local v = b:pop()
  local t = b:top_table()
  local i = ((b:byte() or 0) % 16) - 2
  if t and v ~= nil then rawset(t, i, v) end
end
ops[11] = function(b) -- values that are not data (emitter errors)
  if b.data_only then return end
  local which = (b:byte() or 0) % 4
  if which == 0 then b:push(print)
  elseif which == 1 then b:push(coroutine.create(function() end))
  elseif which == 2 then b:push(io.stdout)
  else b:push(0 / 0) end
end
ops[12] = function(b) -- push a copy of a reference deeper in the stack
  local n = #b.stack
  if n > 0 then b:push(b.stack[n - ((b:byte() or 0) % n)]) end
end
ops[13] = function(b) -- close the nearest table into the one below it
  local n = #b.stack
  if n >= 2 and type(b.stack[n - 1]) == "table" then
    local v = b:pop()
    local t = b.stack[#b.stack]
    rawset(t, #t + 1, v)
  end
end
ops[14] = function(b) -- long string: repeats
  local unit = b:bytes_of(((b:byte() or 0) % 8) + 1)
  b:push(unit:rep((b:byte() or 0) * 4))
end
ops[15] = function(b) -- drop
  b:pop()
end

-- Returns the stack left by running the bytes (bottom first).
--   opts.data_only   only strings, numbers, booleans, null and tables; keys
--                    are strings and integers; no cycles
function M.build(bytes, opts)
  local b = setmetatable({ bytes = bytes, pos = 1, stack = {}, data_only = opts and opts.data_only }, Builder)
  local steps = 0
  while b.pos <= #bytes and steps < 4096 do
    local op = b:byte()
    ops[op % 16](b)
    steps = steps + 1
  end
  if b.data_only then
    for i, v in ipairs(b.stack) do b.stack[i] = M.acyclic(v) end
  end
  return b.stack
end

-- A copy of v in which a table met again on its own path is replaced by a
-- string (shared subtables elsewhere stay shared).
function M.acyclic(v, path, done)
  if type(v) ~= "table" then return v end
  path, done = path or {}, done or {}
  if path[v] then return "cycle" end
  if done[v] then return done[v] end
  path[v] = true
  local out = {}
  for k, x in next, v do out[k] = M.acyclic(x, path, done) end
  path[v] = nil
  if core.is_list(v) then core.list(out) elseif core.is_map(v) then core.map(out) end
  done[v] = out
  return out
end

-- The number of nodes of v written out as a tree (shared subtables count
-- each time they are met), or limit + 1 when larger; cycles count once.
function M.tree_size(v, limit, path)
  if type(v) ~= "table" then return 1 end
  path = path or {}
  if path[v] then return 1 end
  path[v] = true
  local n = 1
  for _, x in next, v do
    n = n + M.tree_size(x, limit - n, path)
    if n > limit then break end
  end
  path[v] = nil
  return n
end

return M
