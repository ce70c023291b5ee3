-- Unified diffs of text, for `--check`.
local M = {}

local function lines(text)
  local t = {}
  for line in text:gmatch("([^\n]*)\n") do t[#t + 1] = line end
  local tail = text:match("([^\n]+)$")
  if tail then t[#t + 1] = tail end
  return t
end

-- The edit script between a and b (lists of lines) as a list of
-- {op = " "|"-"|"+", line = ...}, by longest common subsequence.
local function script(a, b)
  -- Trim the common head and tail: most changes are small.
  local head = 0
  while head < #a and head < #b and a[head + 1] == b[head + 1] do head = head + 1 end
  local tail = 0
  while tail < #a - head and tail < #b - head and a[#a - tail] == b[#b - tail] do tail = tail + 1 end
  local n, m = #a - head - tail, #b - head - tail
  local lcs = {}
  for i = n, 0, -1 do
    local row, below = {}, lcs[i + 1]
    for j = m, 0, -1 do
      if i == n or j == m then
        row[j] = 0
      elseif a[head + i + 1] == b[head + j + 1] then
        row[j] = below[j + 1] + 1
      else
        local down, right = below[j], row[j + 1]
        row[j] = down > right and down or right
      end
    end
    lcs[i] = row
  end
  local ops = {}
  for i = 1, head do ops[#ops + 1] = { op = " ", line = a[i] } end
  local i, j = 0, 0
  while i < n or j < m do
    if i < n and j < m and a[head + i + 1] == b[head + j + 1] then
      ops[#ops + 1] = { op = " ", line = a[head + i + 1] }
      i, j = i + 1, j + 1
    elseif i < n and (j == m or lcs[i + 1][j] >= lcs[i][j + 1]) then
      ops[#ops + 1] = { op = "-", line = a[head + i + 1] } -- removals first, as diff -u
      i = i + 1
    else
      ops[#ops + 1] = { op = "+", line = b[head + j + 1] }
      j = j + 1
    end
  end
  for k = #a - tail + 1, #a do ops[#ops + 1] = { op = " ", line = a[k] } end
  return ops
end

-- A unified diff of old -> new (nil for a missing file) with 3 lines of
-- context, or "" when equal.
function M.unified(old_name, old, new_name, new)
  if old == new then return "" end
  local a, b = lines(old or ""), lines(new or "")
  local ops = script(a, b)
  local out = { ("--- %s\n+++ %s\n"):format(old and old_name or "/dev/null", new and new_name or "/dev/null") }
  local k, context = 1, 3
  local ai, bi = 1, 1 -- line numbers at ops[k]
  while k <= #ops do
    if ops[k].op == " " then
      ai, bi, k = ai + 1, bi + 1, k + 1
    else
      -- A hunk: back up for context, run until `context`*2 unchanged lines.
      local start = math.max(1, k - context)
      local a0, b0 = ai - (k - start), bi - (k - start)
      local stop, quiet = k, 0
      while stop <= #ops and quiet <= 2 * context do
        quiet = ops[stop].op == " " and quiet + 1 or 0
        stop = stop + 1
      end
      stop = math.min(#ops, stop - 1 - math.max(0, quiet - context))
      local body, na, nb = {}, 0, 0
      for x = start, stop do
        local o = ops[x]
        body[#body + 1] = o.op .. o.line .. "\n"
        if o.op ~= "+" then na = na + 1 end
        if o.op ~= "-" then nb = nb + 1 end
      end
      out[#out + 1] = ("@@ -%d,%d +%d,%d @@\n"):format(na > 0 and a0 or a0 - 1, na, nb > 0 and b0 or b0 - 1, nb)
      out[#out + 1] = table.concat(body)
      for x = k, stop do
        if ops[x].op ~= "+" then ai = ai + 1 end
        if ops[x].op ~= "-" then bi = bi + 1 end
      end
      k = stop + 1
    end
  end
  return table.concat(out)
end

return M
