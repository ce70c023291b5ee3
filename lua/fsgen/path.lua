-- Value paths as they appear in messages: {"a", "b", 1, "c"} <-> "a.b[0].c".
--
-- Integer segments are Lua (1-based) list positions and print 0-based in
-- brackets, as YAML and kubectl users count. String keys that are not
-- identifier-like print quoted: labels["app.kubernetes.io/name"].
local M = {}

local function is_identifier(key)
  return key:match("^[A-Za-z_][A-Za-z0-9_-]*$") ~= nil
end

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r" }

local function quote(key)
  return '"' .. key:gsub('[%c"\\]', function(c)
    return ESCAPES[c] or ("\\x%02X"):format(c:byte())
  end) .. '"'
end

-- One segment as it follows a prefix ("" for the first segment).
local function segment(key, first)
  if math.type(key) == "integer" then
    return "[" .. (key - 1) .. "]"
  elseif type(key) == "string" then
    if is_identifier(key) then return first and key or ("." .. key) end
    return "[" .. quote(key) .. "]"
  end
  -- Other key types (floats, booleans) never come from values files; print
  -- them readably even though parse cannot give them back.
  return "[" .. tostring(key) .. "]"
end

function M.format(segments)
  local parts = {}
  for i, key in ipairs(segments) do
    parts[i] = segment(key, i == 1)
  end
  return table.concat(parts)
end

-- prefix is an already formatted path ("" for the root).
function M.join(prefix, key)
  return prefix .. segment(key, prefix == "")
end

local UNESCAPES = { ['"'] = '"', ["\\"] = "\\", n = "\n", t = "\t", r = "\r" }

-- Reads a quoted key starting at the opening quote; returns key, next index.
local function read_quoted(text, i)
  local out = {}
  i = i + 1
  while i <= #text do
    local c = text:sub(i, i)
    if c == '"' then return table.concat(out), i + 1 end
    if c == "\\" then
      local e = text:sub(i + 1, i + 1)
      if e == "x" and text:sub(i + 2, i + 3):match("^%x%x$") then
        out[#out + 1] = string.char(tonumber(text:sub(i + 2, i + 3), 16))
        i = i + 4
      elseif UNESCAPES[e] then
        out[#out + 1] = UNESCAPES[e]
        i = i + 2
      else
        return nil, ("bad escape at character %d"):format(i)
      end
    else
      out[#out + 1] = c
      i = i + 1
    end
  end
  return nil, "unterminated quoted key"
end

-- The inverse of format. Bare segments may hold any character but '.', '['
-- and ']' (so patterns like "*.nodeSelector" parse too). Returns nil and a
-- message for a malformed path.
function M.parse(text)
  local segments = {}
  if text == "" then return segments end
  local i = 1
  local expect_key = true -- at the start or right after a '.'
  while i <= #text do
    local c = text:sub(i, i)
    if c == "[" then
      if expect_key and i > 1 then
        return nil, ("'%s': empty key at character %d"):format(text, i)
      end
      local key, nexti
      if text:sub(i + 1, i + 1) == '"' then
        key, nexti = read_quoted(text, i + 1)
        if not key then return nil, ("'%s': %s"):format(text, nexti) end
      else
        local digits = text:match("^%-?%d+", i + 1)
        if not digits then
          return nil, ("'%s': expected an index or a quoted key at character %d"):format(text, i + 1)
        end
        key, nexti = math.tointeger(tonumber(digits) + 1), i + 1 + #digits
      end
      if text:sub(nexti, nexti) ~= "]" then
        return nil, ("'%s': expected ']' at character %d"):format(text, nexti)
      end
      segments[#segments + 1] = key
      i = nexti + 1
      expect_key = false
    elseif c == "." then
      if expect_key then return nil, ("'%s': empty key at character %d"):format(text, i) end
      i = i + 1
      expect_key = true
    else
      if not expect_key then
        return nil, ("'%s': expected '.' or '[' at character %d"):format(text, i)
      end
      local bare = text:match("^[^%.%[%]]+", i)
      if not bare then return nil, ("'%s': unexpected ']' at character %d"):format(text, i) end
      segments[#segments + 1] = bare
      i = i + #bare
      expect_key = false
    end
  end
  if expect_key then return nil, ("'%s': ends with '.'"):format(text) end
  return segments
end

-- Compares two segment lists: segment by segment, integers before strings,
-- shorter (a prefix) first. A total order, so sorted output is stable.
function M.less(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = a[i], b[i]
    if x ~= y then
      local tx, ty = type(x), type(y)
      if tx ~= ty then return tx < ty end
      if tx == "number" or tx == "string" then return x < y end
      return tostring(x) < tostring(y)
    end
  end
  return #a < #b
end

return M
