-- The API server's rules for names, label keys and values, port names and
-- environment variable names (k8s.io/apimachinery/pkg/util/validation).
-- Each check returns nil when the text is fine, or the rule it breaks as a
-- phrase that completes "must be ...".
local M = {}

local byte, find = string.byte, string.find

-- First and last characters by byte: a pattern ending in '$' is tried at
-- every position of the text.
local function lower_alnum(b) -- [a-z0-9]
  return b ~= nil and ((b >= 97 and b <= 122) or (b >= 48 and b <= 57))
end

local function alnum(b) -- [A-Za-z0-9]
  return b ~= nil and ((b >= 97 and b <= 122) or (b >= 65 and b <= 90) or (b >= 48 and b <= 57))
end

-- [-a-z0-9], starting and ending with [a-z0-9]
local function label_like(s)
  return lower_alnum(byte(s, 1)) and lower_alnum(byte(s, -1)) and not find(s, "[^%-a-z0-9]")
end

M.RULES = {
  dns1123_label = "a DNS-1123 label: lower case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
  dns1123_subdomain = "a DNS-1123 subdomain: lower case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters",
  dns1035_label = "a DNS-1035 label: lower case letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters",
  path_segment = "a path segment: not '.' or '..', and without '/' or '%'",
  qualified_name = "a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
  label_value = "empty or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
  iana_svc_name = "at most 15 lower case letters, digits and '-', with at least one letter, no '--', and no '-' at either end",
  env_var_name = "letters, digits, '_', '-' and '.', not starting with a digit",
  config_key = "letters, digits, '-', '_' and '.', at most 253 characters",
}

function M.dns1123_label(s)
  if #s > 63 or not label_like(s) then return M.RULES.dns1123_label end
end

function M.dns1123_subdomain(s)
  if #s > 253 then return M.RULES.dns1123_subdomain end
  for part in (s .. "."):gmatch("([^.]*)%.") do
    if not label_like(part) then return M.RULES.dns1123_subdomain end
  end
end

function M.dns1035_label(s)
  if #s > 63 or not label_like(s) or not s:match("^[a-z]") then return M.RULES.dns1035_label end
end

function M.path_segment(s)
  if s == "." or s == ".." or s:find("[/%%]") then return M.RULES.path_segment end
end

local function name_part(s)
  return #s <= 63 and alnum(byte(s, 1)) and alnum(byte(s, -1)) and not find(s, "[^%-A-Za-z0-9_.]")
end

function M.qualified_name(s)
  local prefix, name = s:match("^([^/]*)/(.*)$")
  if not prefix then name = s end
  if name:find("/", 1, true) or not name_part(name)
      or (prefix and (prefix == "" or M.dns1123_subdomain(prefix))) then
    return M.RULES.qualified_name
  end
end

function M.label_value(s)
  if s ~= "" and not name_part(s) then return M.RULES.label_value end
end

function M.iana_svc_name(s)
  if #s > 15 or s == "" or s:find("[^%-a-z0-9]") or not s:find("[a-z]") or s:find("--", 1, true)
      or byte(s, 1) == 45 or byte(s, -1) == 45 then -- '-' at either end
    return M.RULES.iana_svc_name
  end
end

function M.env_var_name(s)
  if s == "" or s:find("[^%-._A-Za-z0-9]") or s:match("^%d") then return M.RULES.env_var_name end
end

function M.config_key(s)
  if s == "" or #s > 253 or s:find("[^%-._A-Za-z0-9]") then return M.RULES.config_key end
end

-- A name close to s that follows the rule: lower case, other characters
-- turned into '-', trimmed to the limit.  nil when none is obvious.
-- Names and labels repeat across objects: every answer is remembered, in
-- M.known[check][text] (false: fine), which hot loops read directly.
M.known = {}
for _, name in ipairs({ "dns1123_label", "dns1123_subdomain", "dns1035_label", "qualified_name",
                        "label_value", "iana_svc_name", "env_var_name", "config_key" }) do
  local check, known = M[name], {}
  M.known[name] = known
  M[name] = function(s)
    local answer = known[s]
    if answer == nil then
      answer = check(s) or false
      known[s] = answer
    end
    return answer or nil
  end
end

function M.repair(s, check, limit)
  local fixed = s:lower():gsub("[^%-a-z0-9.]", "-"):gsub("%-%-+", "-")
  if check == M.dns1123_label or check == M.dns1035_label then fixed = fixed:gsub("%.", "-") end
  fixed = fixed:sub(1, limit or 253):gsub("^[%-.]+", ""):gsub("[%-.]+$", "")
  if check == M.dns1035_label then fixed = fixed:gsub("^[%d%-]+", "") end
  if fixed == "" or fixed == s or check(fixed) then return nil end
  return fixed
end

return M
