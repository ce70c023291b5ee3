-- What counts as a secret value: one under a key that names a secret
-- (password, secret, token, key), or at a path the chart lists in `secrets`.
-- Such values never appear in messages, `explain` or `values`.
local path = require "fsgen.path"

local M = {}

M.WORDS = { "password", "secret", "token", "key" }
M.REDACTED = "<redacted>"

function M.is_secret_key(key)
  if type(key) ~= "string" then return false end
  local lower = key:lower()
  for _, word in ipairs(M.WORDS) do
    if lower:find(word, 1, true) then return true end
  end
  return false
end

-- segments: a values path as a list; patterns: the chart's `secrets` (value
-- paths, "*" matching any one key).  List indexes are ignored in matching.
function M.is_secret_path(segments, patterns)
  local keys = {}
  for _, seg in ipairs(segments) do
    if type(seg) == "string" then
      if M.is_secret_key(seg) then return true end
      keys[#keys + 1] = seg
    end
  end
  for _, pattern in ipairs(patterns or {}) do
    local want = path.parse(pattern)
    if want then
      local plain = {}
      for _, seg in ipairs(want) do
        if type(seg) == "string" then plain[#plain + 1] = seg end
      end
      if #plain == #keys then
        local same = true
        for i = 1, #plain do
          if plain[i] ~= "*" and plain[i] ~= keys[i] then same = false end
        end
        if same then return true end
      end
    end
  end
  return false
end

return M
