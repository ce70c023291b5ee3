-- How the checks record problems: one entry per problem with the field path
-- as segments (sorted and formatted at the end), and values shown only when
-- they cannot be secrets.
local core = require "fsgen.core"
local path = require "fsgen.path"

-- Needed only once something is wrong.
local function origin() return require "fsgen.validate.origin" end
local function secrets() return require "fsgen.secrets" end

local M = {}

local NULL = core.null

M.HIDDEN = "the value"

local function copy_path(st, d)
  local segs = {}
  for i = 1, d do segs[i] = st.path[i] end
  return segs
end
M.copy_path = copy_path

-- A problem at the first d segments of st.path.
function M.add(st, d, msg)
  st.errors[#st.errors + 1] = { segs = copy_path(st, d), msg = msg }
end

-- A problem at st.path[1..d] followed by the segments in extra.
function M.add_below(st, d, extra, msg)
  local segs = copy_path(st, d)
  for i, seg in ipairs(extra) do segs[d + i] = seg end
  st.errors[#st.errors + 1] = { segs = segs, msg = msg }
end

-- A problem at explicit segments.
function M.add_at(st, segs, msg)
  st.errors[#st.errors + 1] = { segs = segs, msg = msg }
end

local SECRET_NAME_WORDS = { "password", "passwd", "secret", "token", "key", "credential", "auth",
                            "dsn", "private", "cert" }

local function secret_name(name)
  if type(name) ~= "string" then return false end
  local lower = name:lower()
  for _, word in ipairs(SECRET_NAME_WORDS) do
    if lower:find(word, 1, true) then return true end
  end
  return false
end

local function get(obj, segs, n)
  local v = obj
  for i = 1, n do
    if type(v) ~= "table" then return nil end
    v = v[segs[i]]
  end
  return v
end

-- Could the value at segs be a secret?  Everything in a Secret's data,
-- anything under a key that names a secret, the value of an env var whose
-- name does, and URLs with a password in them.
function M.is_secret(st, segs, v)
  if st.kind == "Secret" and (segs[1] == "data" or segs[1] == "stringData") then return true end
  for _, seg in ipairs(segs) do
    if secrets().is_secret_key(seg) then return true end
  end
  local n = #segs
  if segs[n] == "value" and segs[n - 2] == "env" then
    local entry = get(st.obj, segs, n - 1)
    if type(entry) ~= "table" or secret_name(entry.name) then return true end
  end
  if type(v) == "string" and v:find("://[^/@%s]*:[^/@%s]*@") then return true end
  return false
end

local function quote(s)
  local shown = s
  if #shown > 60 then shown = shown:sub(1, 57) .. "..." end
  shown = shown:gsub("[%c\\']", function(c)
    if c == "\n" then return "\\n" elseif c == "\t" then return "\\t"
    elseif c == "\\" or c == "'" then return "\\" .. c end
    return ("\\x%02X"):format(c:byte())
  end)
  -- Bytes that are not UTF-8 would make the message itself invalid.
  if not utf8.len(shown) then
    shown = shown:gsub("[\128-\255]", function(c) return ("\\x%02X"):format(c:byte()) end)
  end
  return "'" .. shown .. "'"
end

-- A scalar as a message shows it: strings quoted, numbers and booleans bare.
function M.literal(v)
  if type(v) == "string" then return quote(v) end
  if math.type(v) == "float" then
    if v ~= v then return "NaN" end
    -- the shortest form that reads back as the same number, with a '.'
    local text
    for digits = 15, 17 do
      text = ("%." .. digits .. "g"):format(v)
      if tonumber(text) == v then break end
    end
    if text:match("^%-?%d+$") then text = text .. ".0" end
    return text
  end
  return tostring(v)
end

local TYPE_WORDS = { string = "a string", boolean = "a boolean", ["function"] = "a function",
                     userdata = "a userdata", thread = "a thread" }

-- What a value is, for "got ...": "the string 'x'", "the integer 3", "a map".
function M.describe(v, hidden)
  local tv = type(v)
  if tv == "table" then
    if next(v) == nil then
      local mt = getmetatable(v)
      if mt == "fsgen.list" then return "an empty list" end
      if mt == "fsgen.map" then return "an empty map" end
      return "an empty table"
    end
    return rawget(v, 1) ~= nil and "a list" or "a map"
  end
  if tv == "number" then
    local word = math.type(v) == "integer" and "integer" or "number"
    if hidden then return word == "integer" and "an integer" or "a number" end
    return "the " .. word .. " " .. M.literal(v)
  end
  if v == NULL then return "null" end
  if hidden or (tv ~= "string" and tv ~= "boolean") then return TYPE_WORDS[tv] or tv end
  return "the " .. tv .. " " .. M.literal(v)
end

-- " (set by overlays/prod.lua:14 as api.memory)" when the value came from
-- values someone set, "" otherwise; and the values path it came from.
function M.provenance(st, segs, v)
  local opts = st.opts
  if not opts.values or not opts.origins then return "", nil end
  local found = origin().find(st.origin_index, opts.values, opts.origins, v, segs)
  if not found then return "", nil end
  return (" (set by %s as %s)"):format(found.where, path.format(found.segs)), found.segs
end

-- A problem with a value: text holds one "%s" where the value goes (or
-- "the value" when it might be secret; nothing else in text is a format
-- directive); provenance is added.
function M.bad_value(st, d, v, text)
  local segs = copy_path(st, d)
  local from, values_segs = M.provenance(st, segs, v)
  local hidden = M.is_secret(st, segs, v)
    or (values_segs and secrets().is_secret_path(values_segs, st.opts.secrets))
  local shown = hidden and M.HIDDEN or M.literal(v)
  local before, after = text:match("^(.-)%%s(.*)$")
  local msg = before and (before .. shown .. after) or text
  st.errors[#st.errors + 1] = { segs = segs, msg = msg .. from }
end

-- bad_value at st.path[1..d] followed by the segments in extra.
function M.bad_value_below(st, d, extra, v, text)
  for i, seg in ipairs(extra) do st.path[d + i] = seg end
  M.bad_value(st, d + #extra, v, text)
end

-- Like bad_value for a type mismatch: "expected X, got <describe>".
function M.bad_type(st, d, v, expected, hint)
  local segs = copy_path(st, d)
  local from, values_segs = "", nil
  if type(v) ~= "table" then from, values_segs = M.provenance(st, segs, v) end
  local hidden = M.is_secret(st, segs, v)
    or (values_segs and secrets().is_secret_path(values_segs, st.opts.secrets))
  local msg = ("expected %s, got %s"):format(expected, M.describe(v, hidden))
  if hint then msg = msg .. " (" .. hint(hidden and M.HIDDEN or M.literal(v)) .. ")" end
  st.errors[#st.errors + 1] = { segs = segs, msg = msg .. from }
end

return M
