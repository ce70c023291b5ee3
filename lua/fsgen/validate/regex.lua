-- The regular expressions of CRD `pattern` fields (ECMA/RE2 syntax), which
-- Lua patterns cannot express: alternation, groups, counted repetition.
--
--   regex.compile(pattern) -> matcher or nil, reason
--   matcher(text) -> true when the pattern matches somewhere in text
--
-- Supported: literals and escapes (\d \w \s and their negations, \xHH,
-- \n \t, escaped punctuation), '.', classes [a-z] [^...], groups ( ) and
-- (?: ), alternation, * + ? {n} {n,} {n,m} (lazy forms too: for a yes/no
-- answer they match the same texts), ^ and $, and (?i) for the whole pattern.  Bytes,
-- not characters: the patterns in CRDs are ASCII.  Anything else (lookahead,
-- backreferences, Unicode classes) makes compile return nil.
local M = {}

local function set_of(fn)
  local set = {}
  for b = 0, 255 do if fn(b) then set[b] = true end end
  return set
end

local DIGIT = set_of(function(b) return b >= 48 and b <= 57 end)
local WORD = set_of(function(b)
  return (b >= 48 and b <= 57) or (b >= 65 and b <= 90) or (b >= 97 and b <= 122) or b == 95
end)
local SPACE = set_of(function(b) return b == 32 or (b >= 9 and b <= 13) end)
local ANY = set_of(function(b) return b ~= 10 end)

local function negate(set)
  return set_of(function(b) return not set[b] end)
end

local CLASS_ESCAPES = { d = DIGIT, w = WORD, s = SPACE,
                        D = negate(DIGIT), W = negate(WORD), S = negate(SPACE) }
local CHAR_ESCAPES = { n = 10, t = 9, r = 13, f = 12, v = 11 }

local Parser = {}
Parser.__index = Parser

function Parser:peek(n) return self.p:sub(self.i, self.i + (n or 1) - 1) end
function Parser:fail(why) error({ regex = why }, 0) end

-- An escape after '\': a byte or a set.
function Parser:escape()
  local c = self:peek()
  if c == "" then self:fail("trailing backslash") end
  self.i = self.i + 1
  if CLASS_ESCAPES[c] then return nil, CLASS_ESCAPES[c] end
  if CHAR_ESCAPES[c] then return CHAR_ESCAPES[c] end
  if c == "x" then
    local hex = self.p:match("^%x%x", self.i)
    if not hex then self:fail("bad \\x escape") end
    self.i = self.i + 2
    return tonumber(hex, 16)
  end
  if c:match("%w") then self:fail("unsupported escape \\" .. c) end
  return c:byte()
end

function Parser:class()
  local set, negated = {}, false
  if self:peek() == "^" then negated, self.i = true, self.i + 1 end
  local first = true
  while true do
    local c = self:peek()
    if c == "" then self:fail("unterminated class") end
    if c == "]" and not first then self.i = self.i + 1 break end
    first = false
    local lo, lo_set
    self.i = self.i + 1
    if c == "\\" then lo, lo_set = self:escape() else lo = c:byte() end
    if lo_set then
      for b in pairs(lo_set) do set[b] = true end
    elseif self:peek() == "-" and self.p:sub(self.i + 1, self.i + 1) ~= "]"
        and self.p:sub(self.i + 1, self.i + 1) ~= "" then
      self.i = self.i + 1
      local h = self:peek()
      self.i = self.i + 1
      local hi = h:byte()
      if h == "\\" then
        local s
        hi, s = self:escape()
        if s then self:fail("class range ends in a class") end
      end
      if hi < lo then self:fail("reversed class range") end
      for b = lo, hi do set[b] = true end
    else
      set[lo] = true
    end
  end
  return negated and negate(set) or set
end

function Parser:atom()
  local c = self:peek()
  if c == "(" then
    self.i = self.i + 1
    if self:peek(2) == "?:" then
      self.i = self.i + 2
    elseif self:peek() == "?" then
      self:fail("unsupported group (?" .. self:peek(2):sub(2))
    end
    local inner = self:alternation()
    if self:peek() ~= ")" then self:fail("missing )") end
    self.i = self.i + 1
    return inner
  elseif c == "[" then
    self.i = self.i + 1
    return { "set", self:class() }
  elseif c == "." then
    self.i = self.i + 1
    return { "set", ANY }
  elseif c == "^" then
    self.i = self.i + 1
    return { "bol" }
  elseif c == "$" then
    self.i = self.i + 1
    return { "eol" }
  elseif c == "\\" then
    self.i = self.i + 1
    local b, set = self:escape()
    return { "set", set or { [b] = true } }
  elseif c == "*" or c == "+" or c == "?" or c == "{" then
    self:fail("nothing to repeat")
  end
  self.i = self.i + 1
  return { "set", { [c:byte()] = true } }
end

function Parser:repeated()
  local node = self:atom()
  while true do
    local c = self:peek()
    local min, max
    if c == "*" then min, max = 0, math.huge
    elseif c == "+" then min, max = 1, math.huge
    elseif c == "?" then min, max = 0, 1
    elseif c == "{" and self.p:match("^{%d+,?%d*}", self.i) then
      local a, comma, b = self.p:match("^{(%d+)(,?)(%d*)}", self.i)
      min = tonumber(a)
      max = comma == "" and min or (b == "" and math.huge or tonumber(b))
      if max < min then self:fail("bad repetition") end
      self.i = self.i + #a + #comma + #b + 1
    else
      return node
    end
    self.i = self.i + 1
    if self:peek() == "?" then self.i = self.i + 1 end
    node = { "rep", node, min, max }
  end
end

function Parser:sequence()
  local items = {}
  while true do
    local c = self:peek()
    if c == "" or c == "|" or c == ")" then break end
    items[#items + 1] = self:repeated()
  end
  return { "seq", items }
end

function Parser:alternation()
  local branches = { self:sequence() }
  while self:peek() == "|" do
    self.i = self.i + 1
    branches[#branches + 1] = self:sequence()
  end
  return #branches == 1 and branches[1] or { "alt", branches }
end

local function fold_case(node)
  if node[1] == "set" then
    local set = {}
    for b in pairs(node[2]) do
      set[b] = true
      if b >= 65 and b <= 90 then set[b + 32] = true end
      if b >= 97 and b <= 122 then set[b - 32] = true end
    end
    node[2] = set
  elseif node[1] == "seq" or node[1] == "alt" then
    for _, n in ipairs(node[2]) do fold_case(n) end
  elseif node[1] == "rep" then
    fold_case(node[2])
  end
end

-- Matchers in continuation style: m(s, i, k) is true when the node matches
-- at i and k accepts the position after it.
local build

local function build_seq(items, n)
  if n > #items then return function(_, i, k) return k(i) end end
  local first, rest = build(items[n]), build_seq(items, n + 1)
  return function(s, i, k)
    return first(s, i, function(j) return rest(s, j, k) end)
  end
end

function build(node)
  local kind = node[1]
  if kind == "set" then
    local set = node[2]
    return function(s, i, k)
      local b = s:byte(i)
      return b ~= nil and set[b] == true and k(i + 1)
    end
  elseif kind == "bol" then
    return function(_, i, k) return i == 1 and k(i) end
  elseif kind == "eol" then
    return function(s, i, k) return i == #s + 1 and k(i) end
  elseif kind == "seq" then
    return build_seq(node[2], 1)
  elseif kind == "alt" then
    local branches = {}
    for n, b in ipairs(node[2]) do branches[n] = build(b) end
    return function(s, i, k)
      for _, m in ipairs(branches) do
        if m(s, i, k) then return true end
      end
      return false
    end
  else -- rep
    local inner, min, max = build(node[2]), node[3], node[4]
    local function from(s, i, count, k)
      if count < max and inner(s, i, function(j)
            return (j ~= i or count < min) and from(s, j, count + 1, k)
          end) then
        return true
      end
      return count >= min and k(i)
    end
    return function(s, i, k) return from(s, i, 0, k) end
  end
end

local function accept() return true end

function M.compile(pattern)
  local p = pattern
  local insensitive = false
  -- (?i) applies to the whole pattern wherever it stands (CRDs write "^(?i)...")
  local stripped, n = p:gsub("%(%?i%)", "")
  if n > 0 then insensitive, p = true, stripped end
  local parser = setmetatable({ p = p, i = 1 }, Parser)
  local ok, tree = pcall(function()
    local t = parser:alternation()
    if parser.i <= #p then parser:fail("unexpected )") end
    return t
  end)
  if not ok then
    if type(tree) == "table" then return nil, tree.regex end
    error(tree, 0)
  end
  if insensitive then fold_case(tree) end
  local m = build(tree)
  return function(text)
    for start = 1, #text + 1 do
      if m(text, start, accept) then return true end
    end
    return false
  end
end

return M
