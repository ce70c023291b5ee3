-- "Did you mean ...?": the closest candidate to a misspelt word.
--
-- Distance is optimal string alignment (Levenshtein plus swaps of two
-- neighbouring characters), computed on lower-cased bytes so that
-- "replicacount" finds "replicaCount" at distance 0.
local M = {}

-- Optimal string alignment distance between byte strings a and b.
function M.distance(a, b)
  local la, lb = #a, #b
  if la == 0 then return lb end
  if lb == 0 then return la end
  local prev2, prev, cur = {}, {}, {}
  for j = 0, lb do prev[j] = j end
  for i = 1, la do
    cur[0] = i
    local ca = a:byte(i)
    for j = 1, lb do
      local cb = b:byte(j)
      local cost = (ca == cb) and 0 or 1
      local d = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if i > 1 and j > 1 and ca == b:byte(j - 1) and a:byte(i - 1) == cb then
        d = math.min(d, prev2[j - 2] + 1)
      end
      cur[j] = d
    end
    prev2, prev, cur = prev, cur, prev2
  end
  return prev[lb]
end

-- How far a candidate may be from the word and still be a plausible typo:
-- a third of the longer string, at least one edit, and never as many edits
-- as the word has characters (so "a" does not suggest "b").
local function close_enough(word, candidate, dist)
  local limit = math.max(1, math.max(#word, #candidate) // 3)
  return dist <= limit and dist < #word
end

-- Returns the best candidate for word, or nil when none is close. Ranking:
-- case-insensitive distance, then case-sensitive distance (so an exact-case
-- match wins), then bytewise order, so the answer never depends on the
-- order of candidates.
function M.nearest(word, candidates)
  if type(word) ~= "string" or word == "" then return nil end
  local lword = word:lower()
  local best, best_fold, best_exact
  for _, candidate in ipairs(candidates) do
    if type(candidate) == "string" then
      local fold = M.distance(lword, candidate:lower())
      if close_enough(word, candidate, fold) or (fold == 0 and candidate ~= "") then
        local exact = M.distance(word, candidate)
        if best == nil or fold < best_fold
            or (fold == best_fold and (exact < best_exact
              or (exact == best_exact and candidate < best))) then
          best, best_fold, best_exact = candidate, fold, exact
        end
      end
    end
  end
  return best
end

return M
