-- Helm's --set / --set-string syntax, turned into a values table to layer.
--
--   a.b=c,d.e=f      several assignments, separated by ','
--   a[0].b=c         list elements; a gap before the index is filled with null
--   a={x,y}          a list of values
--   a=null           null (deletes the key when layered)
--   \, \. \= \[ \\   a backslash makes the next character literal
--
-- --set infers types as Helm does: true/false/null in any case, and decimal
-- integers that fit in 64 bits without a leading zero ("0123" stays a
-- string); everything else is a string. --set-string infers nothing.
--
-- Where Helm silently does something surprising, this parser reports an
-- error instead: "a[0]" with no '=' (Helm: an empty list), "=x" with no key
-- (Helm: ignored), a backslash at the very end (Helm: dropped). "a={}" is an
-- empty list (Helm: [""]), and "a=null,a.b=1" replaces the null (Helm:
-- error). Nesting is limited to 30 levels of keys and indexes together.
local core = require "fsgen.core"
local merge = require "fsgen.merge"
local secrets = require "fsgen.secrets"

local M = {}

M.MAX_INDEX = 65536 -- as Helm: a[99999999]=x must not allocate a huge list
M.MAX_DEPTH = 30

-- Secret-looking assignment values are masked in the expression an error
-- message quotes, so a typo next to a password does not print it.
local function key_is_secret(raw_key, secret_patterns)
  local key = raw_key:gsub("\\(.)", "%1")
  local segments = {}
  for part in (key:gsub("%[%d*%]", "") .. "."):gmatch("(.-)%.") do
    segments[#segments + 1] = part
  end
  return secrets.is_secret_path(segments, secret_patterns)
end

-- Spans {first, last} of the values to mask, found by a light scan that
-- follows the same escaping and list rules as the parser.
local function secret_spans(text, secret_patterns)
  local spans = {}
  local i, n = 1, #text
  while i <= n do
    local key_start, eq = i, nil
    while i <= n do
      local c = text:sub(i, i)
      if c == "\\" then
        i = i + 2
      elseif c == "," then
        break
      elseif c == "=" then
        eq = i
        break
      else
        i = i + 1
      end
    end
    if eq then
      local value_start = eq + 1
      i = value_start
      local in_list = text:sub(i, i) == "{"
      while i <= n do
        local c = text:sub(i, i)
        if c == "\\" then
          i = i + 2
        elseif c == "}" and in_list then
          in_list = false
          i = i + 1
        elseif c == "," and not in_list then
          break
        else
          i = i + 1
        end
      end
      local value_end = math.min(i, n + 1) - 1
      if value_end >= value_start and key_is_secret(text:sub(key_start, eq - 1), secret_patterns) then
        spans[#spans + 1] = { value_start, value_end }
      end
    end
    i = i + 1 -- past the ','
  end
  return spans
end

local Parser = {}
Parser.__index = Parser

-- Raises "--set 'EXPR': WHAT at character N (HINT)" (N counts from 1 in the
-- expression as shown, after masking; at = nil: the expression as a whole).
function Parser:fail(at, message, hint)
  hint = hint and (" (" .. hint .. ")") or ""
  local spans = secret_spans(self.text, self.secrets)
  local shown, last = {}, 0
  for _, span in ipairs(spans) do
    shown[#shown + 1] = self.text:sub(last + 1, span[1] - 1)
    shown[#shown + 1] = "***"
    last = span[2]
  end
  shown[#shown + 1] = self.text:sub(last + 1)
  local where = ""
  if at then
    local shift, mapped = 0, nil
    for _, span in ipairs(spans) do
      if at > span[2] then
        shift = shift + 3 - (span[2] - span[1] + 1)
      else
        if at >= span[1] then mapped = span[1] + shift end
        break
      end
    end
    where = (" at character %d"):format(mapped or (at + shift))
  end
  error(("%s '%s': %s%s%s"):format(self.flag, table.concat(shown), message, where, hint), 0)
end

function Parser:peek()
  return self.text:sub(self.pos, self.pos)
end

-- Reads up to (not including) the first unescaped character of `stops`,
-- which it consumes. Returns the unescaped text, the stop character (nil at
-- the end of the expression) and the stop's position.
function Parser:read_until(stops)
  local out = {}
  local text = self.text
  while true do
    local c = text:sub(self.pos, self.pos)
    local at = self.pos
    if c == "" then return table.concat(out), nil, at end
    self.pos = self.pos + 1
    if c == "\\" then
      local escaped = text:sub(self.pos, self.pos)
      if escaped == "" then self:fail(at, "'\\' at the end escapes nothing") end
      out[#out + 1] = escaped
      self.pos = self.pos + 1
    elseif stops[c] then
      return table.concat(out), c, at
    else
      out[#out + 1] = c
    end
  end
end

local function kind_name(v)
  if core.is_null(v) then return "null" end
  if type(v) == "table" then return merge.is_list(v) and "a list" or "a map" end
  return "a " .. type(v)
end

function Parser:typed(raw)
  if self.as_string then return raw end
  local lower = raw:lower()
  if lower == "true" then return true end
  if lower == "false" then return false end
  if lower == "null" then return core.null end
  if raw == "0" then return 0 end
  if raw:match("^[+-]?%d+$") and raw:sub(1, 1) ~= "0" then
    local n = math.tointeger(tonumber(raw))
    if n then return n end -- nil: beyond 64 bits (tonumber gave a float)
  end
  return raw
end

-- The value after '=' (a scalar or a {list}); consumes the ',' after it.
function Parser:value()
  if self:peek() ~= "{" then
    local raw = self:read_until({ [","] = true })
    return self:typed(raw)
  end
  local open_at = self.pos
  self.pos = self.pos + 1
  local items = core.list({})
  while true do
    local raw, stop = self:read_until({ [","] = true, ["}"] = true })
    if stop == nil then self:fail(open_at, "the list has no closing '}'") end
    if stop == "," or raw ~= "" or #items > 0 then items[#items + 1] = self:typed(raw) end
    if stop == "}" then break end
  end
  local after = self:peek()
  if after == "," then
    self.pos = self.pos + 1
  elseif after ~= "" then
    self:fail(self.pos, ("unexpected '%s' after '}'"):format(after), "expected ',' or the end")
  end
  return items
end

-- Reads "N]" after a '[' at open_at; returns the 0-based index.
function Parser:index(open_at)
  local close = self.text:find("]", self.pos, true)
  if not close then self:fail(open_at, "'[' has no closing ']'") end
  local content = self.text:sub(self.pos, close - 1)
  self.pos = close + 1
  if content:match("^%d+$") then
    local n = tonumber(content)
    if n > M.MAX_INDEX then
      self:fail(open_at, ("list index %s is larger than %d"):format(content, M.MAX_INDEX))
    end
    return math.tointeger(n)
  elseif content:match("^%-%d+$") then
    self:fail(open_at, "negative list index " .. content)
  elseif content == "" then
    self:fail(open_at, "empty list index")
  end
  self:fail(open_at, ("list index '%s' is not a number"):format(content))
end

local function set_index(list, index, v)
  for i = #list + 1, index do list[i] = core.null end
  list[index + 1] = v
end

function Parser:deeper(depth, at)
  if depth + 1 > M.MAX_DEPTH then self:fail(at, ("nested more than %d levels deep"):format(M.MAX_DEPTH)) end
  return depth + 1
end

-- The container an assignment continues into: the one already there (from
-- an earlier assignment of the same expression, or `into`), else a new one.
function Parser:container(existing, want_list, shown, at)
  if existing == nil or core.is_null(existing) then
    return want_list and core.list({}) or {}
  end
  if merge.is_untyped_empty(existing) then
    return want_list and core.list(existing) or existing
  end
  if want_list and merge.is_list(existing) then return existing end
  if not want_list and merge.is_map(existing) then return existing end
  self:fail(at, ("'%s' is already set to %s, cannot use it as %s"):format(
    shown, kind_name(existing), want_list and "a list" or "a map"))
end

function Parser:no_value(shown)
  self:fail(nil, ("'%s' has no value"):format(shown), ("expected '%s=VALUE'"):format(shown))
end

-- After "...[N]": '=', '.', or another '['.
function Parser:list_item(list, index, start, depth)
  local at = self.pos
  local c = self:peek()
  local shown = self.text:sub(start, at - 1)
  if c == "=" then
    self.pos = self.pos + 1
    set_index(list, index, self:value())
  elseif c == "[" then
    self.pos = self.pos + 1
    local inner = self:container(list[index + 1], true, shown, at)
    local next_index = self:index(at)
    self:list_item(inner, next_index, start, self:deeper(depth, at))
    set_index(list, index, inner)
  elseif c == "." then
    self.pos = self.pos + 1
    local inner = self:container(list[index + 1], false, shown, at)
    self:assignment(inner, start, self:deeper(depth, at))
    set_index(list, index, inner)
  elseif c == "" then
    self:no_value(shown)
  elseif c == "," then
    self:fail(at, ("'%s' has no value"):format(shown))
  else
    self:fail(at, ("unexpected '%s' after ']'"):format(c), "expected '=', '.' or '['")
  end
end

-- One key (and what follows it) of an assignment that started at `start`.
function Parser:assignment(map, start, depth)
  local key, stop, at = self:read_until({ ["="] = true, ["["] = true, [","] = true, ["."] = true })
  local shown = self.text:sub(start, at - 1)
  if key == "" then
    if depth == 0 and stop == "," then self:fail(at, "empty assignment") end
    if stop == nil then self:fail(nil, ("'%s' ends without a key"):format(shown)) end
    self:fail(at, shown == "" and "empty key" or ("empty key after '%s'"):format(shown))
  end
  if stop == nil then
    self:no_value(shown)
  elseif stop == "," then
    self:fail(at, ("'%s' has no value"):format(shown))
  elseif stop == "=" then
    map[key] = self:value()
  elseif stop == "." then
    local inner = self:container(map[key], false, shown, at)
    self:assignment(inner, start, self:deeper(depth, at))
    map[key] = inner
  else -- "["
    local list = self:container(map[key], true, shown, at)
    local index = self:index(at)
    self:list_item(list, index, start, self:deeper(depth, at))
    map[key] = list
  end
end

-- Parses one --set argument into a values table.
--   as_string   true for --set-string (no type inference)
--   opts.into   a table to parse into (to combine repeated --set flags the
--               way Helm does: "a[1]=x" then "a[0]=y" gives [y, x])
--   opts.secrets value paths whose values error messages must mask
--   opts.flag   the flag name for messages (default --set / --set-string)
-- Errors are raised as "--set 'EXPR': WHAT at character N" (level 0).
function M.parse(expr, as_string, opts)
  opts = opts or {}
  local self = setmetatable({
    text = expr, pos = 1, as_string = as_string and true or false,
    flag = opts.flag or (as_string and "--set-string" or "--set"),
    secrets = opts.secrets or {},
  }, Parser)
  local root = opts.into or {}
  while self.pos <= #expr do
    self:assignment(root, self.pos, 0)
  end
  return root
end

return M
