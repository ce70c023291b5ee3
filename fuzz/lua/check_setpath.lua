-- Oracles for --set parsing.  The first byte picks --set or --set-string
-- and a secret assignment put in front; the other bytes are up to eight
-- expressions, one a line, parsed into one table as repeated flags are.
--   * an error is one line "--set 'EXPR': ..." and never shows the secret
--   * a parse gives plain data: string keys, lists without holes, scalars
--     (only strings with --set-string), nested no deeper than the limit
--   * parsing is a function of the text
local core = require "fsgen.core"
local setpath = require "fsgen.setpath"
local same = require "fuzz_same"

local SECRET = "S3CR3T-hunter2"
local PREFIXES = {
  "", "password=" .. SECRET .. ",", "db.password=" .. SECRET .. ",",
  "list[1].token=" .. SECRET .. ",", "db.main.credential=" .. SECRET .. ",",
  "a.apiKey=" .. SECRET .. ",", "x[0][2].secret=" .. SECRET .. ",", "",
}
local PATTERNS = { "db.*.credential" }
local cover = fuzz_cover or function() end -- set by fuzz/harness.c

local function bug(fmt, ...)
  error("BUG: " .. fmt:format(...), 0)
end

local function check_error(err, flag, shown_max)
  if err == "not enough memory" then return end
  if type(err) ~= "string" then bug("error is a %s, not a message", type(err)) end
  -- (a Lua runtime error in the parser would start with its file:line)
  if err:sub(1, #flag + 2) ~= flag .. " '" then bug("error does not quote the flag: %q", err) end
  if err:find("\n", 1, true) then bug("error of more than one line: %q", err) end
  if err:find(SECRET, 1, true) then bug("error shows the secret: %q", err) end
  local at = err:match(".* at character (%d+)") -- the last one: the message's own
  if at and (tonumber(at) < 1 or tonumber(at) > shown_max) then
    bug("position %s outside the expression: %q", at, err)
  end
end

local function check_value(v, as_string, depth, where)
  if depth > setpath.MAX_DEPTH + 1 then bug("%s: nested deeper than the limit", where) end
  local t = type(v)
  if core.is_null(v) then
    -- --set-string gives null only where a list index skipped items
    if as_string and not where:match("%]$") then bug("%s: null from --set-string", where) end
    return
  end
  if t == "string" then return end
  if t == "boolean" or math.type(v) == "integer" then
    if as_string then bug("%s: a %s from --set-string", where, t) end
    return
  end
  if t ~= "table" then bug("%s: a %s", where, t) end
  if core.is_list(v) then
    local n = 0
    for k in next, v do
      if math.type(k) ~= "integer" then bug("%s: list with key %s", where, tostring(k)) end
      n = n + 1
    end
    for i = 1, n do
      if v[i] == nil then bug("%s: list with a hole at %d", where, i) end
      check_value(v[i], as_string, depth + 1, where .. "[" .. (i - 1) .. "]")
    end
    return
  end
  for k, x in next, v do
    if type(k) ~= "string" or k == "" then bug("%s: map key %s", where, tostring(k)) end
    check_value(x, as_string, depth + 1, where .. "." .. k)
  end
end

local function parse_all(exprs, as_string, prefix)
  local into = {}
  for _, expr in ipairs(exprs) do
    local text = prefix .. expr
    cover(true)
    local ok, err = pcall(setpath.parse, text, as_string, { into = into, secrets = PATTERNS })
    cover(false)
    if not ok then return nil, err, text end
  end
  return into
end

return function(bytes)
  local flags = bytes:byte(1) or 0
  local as_string = flags & 1 == 1
  local flag = as_string and "--set-string" or "--set"
  local prefix = PREFIXES[(flags >> 1) % #PREFIXES + 1]
  local exprs = {}
  for line in (bytes:sub(2) .. "\n"):gmatch("([^\n]*)\n") do
    if #exprs == 8 then break end
    exprs[#exprs + 1] = line
  end
  local says_position = false
  for _, expr in ipairs(exprs) do
    if expr:find(SECRET, 1, true) then return end -- the input spelled it out itself
    says_position = says_position or expr:find("at character", 1, true) ~= nil
  end
  local result, err, text = parse_all(exprs, as_string, prefix)
  if not result then
    -- "***" may be longer than what it hides; a position the expression
    -- spells out itself cannot be told from the message's own
    return check_error(err, flag, says_position and math.huge or 3 * #text + 4)
  end
  check_value(result, as_string, 0, "(root)")
  local again = parse_all(exprs, as_string, prefix)
  local d = same.diff(result, again)
  if d then bug("two parses of the same text differ at %s", d) end
end
