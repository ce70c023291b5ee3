-- Base64 (RFC 4648, padded) for Secret data.
local M = {}

local ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

function M.encode(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    local chunk = {}
    for j = 1, 4 do
      local index = (n >> (6 * (4 - j))) & 63
      chunk[j] = ALPHABET:sub(index + 1, index + 1)
    end
    if c == nil then chunk[4] = "=" end
    if b == nil then chunk[3] = "=" end
    out[#out + 1] = table.concat(chunk)
  end
  return table.concat(out)
end

-- Every value of a map of strings, encoded (a Secret's `data`).
function M.encode_map(t)
  local out = {}
  for k, v in pairs(t) do out[k] = M.encode(v) end
  return out
end

return M
