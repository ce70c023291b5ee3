-- Property: whatever plain data goes into core.emit comes back unchanged from
-- core.load_yaml (YAML 1.2) and from PyYAML (YAML 1.1).  The cases come from
-- a fixed-seed xorshift generator, so a failure names a case that can be
-- replayed: ROUNDTRIP_SEED=<seed> ROUNDTRIP_CASES=<n> narrow it down.
local core = require "fsgen.core"
local pyyaml = require "support.pyyaml"

local SEED = tonumber(os.getenv("ROUNDTRIP_SEED") or "") or 0x2545F4914F6CDD1D
local CASES = tonumber(os.getenv("ROUNDTRIP_CASES") or "") or 3000

-- xorshift64*: Lua integers wrap at 64 bits and >> is a logical shift.
local function new_random(seed)
  local state = seed ~= 0 and seed or 1
  local random = {}
  function random.next()
    state = state ~ (state >> 12)
    state = state ~ (state << 25)
    state = state ~ (state >> 27)
    return (state * 0x2545F4914F6CDD1D) >> 1 -- non-negative
  end
  function random.below(n) return random.next() % n end
  function random.pick(list) return list[random.below(#list) + 1] end
  return random
end

local FRAGMENTS = {
  "a", "b", "z", "A", "Z", "k8s", " ", "  ", "-", "--", ":", ": ", "#", " #", "?", "[", "]",
  "{", "}", ",", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`", "\t", "\n", "\n\n", "\r",
  "\r\n", "0", "1", "9", ".", "_", "+", "e", "E", "x", "o", "b", "~", "=", "<", "<<", "\\",
  "/", "---", "...", "é", "日本", "😀", "\0", "\1", "\x1b", "\x7f", "\u{85}", "\u{a0}",
  "\u{2028}", "\u{2029}", "\u{feff}", "\u{fffd}", "\u{10ffff}", "inf", "nan", ".inf",
}

local WORDS = {
  "", "yes", "no", "No", "on", "off", "OFF", "y", "n", "Y", "N", "true", "False", "TRUE",
  "null", "Null", "~", "0x1F", "0o17", "017", "0b101", "1e3", "1E+3", ".5", "1.", ".inf",
  "-.Inf", ".nan", ".NaN", "1_000", "+1", "-1", "12:30:45", "1:30", "2001-12-14",
  "2001-12-14t21:59:43.10-05:00", "<<", "=", "1.2.3", "0755", "-", "- a", ": a", "a: b",
  "#x", "x #y", "---", "...", "|", ">", "apiVersion", "kind", "metadata", "spec", "name",
}

local function random_string(random)
  if random.below(3) == 0 then return random.pick(WORDS) end
  local parts = {}
  for i = 1, random.below(8) do parts[i] = random.pick(FRAGMENTS) end
  return table.concat(parts)
end

local SPECIAL_NUMBERS = {
  0, -1, 1, math.maxinteger, math.mininteger, 0.0, -0.0, 0.1, 1 / 3, 1e300, -1e-300,
  5e-324, 2.0 ^ 53, 2.0 ^ 63, 3.0, -2.5, 1e15, 1e16, 123456.789,
}

local function random_number(random)
  local choice = random.below(4)
  if choice == 0 then return random.pick(SPECIAL_NUMBERS) end
  if choice == 1 then return random.next() - (1 << 62) end -- any integer
  if choice == 2 then return random.below(2000) - 1000 end
  while true do -- any finite double, from its bits
    local value = string.unpack("<d", string.pack("<i8", random.next() * 2 + random.below(2)))
    if value == value and value ~= math.huge and value ~= -math.huge then return value end
  end
end

local random_value

local function random_table(random, depth)
  local kind = random.below(4)
  local t = {}
  if kind == 0 then t = core.list {} end -- written [] when empty
  if kind == 1 then t = core.map {} end
  for i = 1, random.below(6) do
    if kind == 0 or kind == 2 then t[i] = random_value(random, depth + 1)
    else t[random_string(random)] = random_value(random, depth + 1) end
  end
  return t
end

function random_value(random, depth)
  local choice = random.below(depth > 4 and 5 or 8)
  if choice <= 1 then return random_string(random) end
  if choice == 2 then return random_number(random) end
  if choice == 3 then return random.below(2) == 0 end
  if choice == 4 then return core.null end
  return random_table(random, depth)
end

local function random_object(random)
  if random.below(10) == 0 then return random_value(random, 0) end
  local object = {}
  for _ = 1, random.below(7) do object[random_string(random)] = random_value(random, 1) end
  return object
end

local function describe_value(v)
  if type(v) == "string" then return ("%q"):format(v) end
  if type(v) ~= "table" then return tostring(v) end
  local parts = {}
  for k, x in pairs(v) do parts[#parts + 1] = ("[%s]=%s"):format(describe_value(k), describe_value(x)) end
  table.sort(parts)
  return (core.is_list(v) and "list" or core.is_map(v) and "map" or "") .. "{" .. table.concat(parts, ", ") .. "}"
end

-- Deep equality as YAML sees data: fsgen.null is null, numbers keep their
-- type (and the sign of zero), an empty table equals an empty table.
local function same(a, b)
  if a == core.null or b == core.null then return a == b end
  if type(a) ~= type(b) then return false end
  if type(a) == "number" then
    if math.type(a) ~= math.type(b) or a ~= b then return false end
    return a ~= 0 or 1 / a == 1 / b
  end
  if type(a) ~= "table" then return a == b end
  for k, x in pairs(a) do
    if not same(x, b[k]) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end


local canon = pyyaml.canon

describe("emit then load", function()
  local random = new_random(SEED)
  local objects = {}
  for i = 1, CASES do objects[i] = random_object(random) end

  local function failure(i, out, detail)
    return ("seed %d, case %d: %s\nobject: %s\nemitted:\n%s"):format(
      SEED, i, detail, describe_value(objects[i]), out)
  end

  it(("gives back the same data in YAML 1.2 (%d cases)"):format(CASES), function()
    for i, object in ipairs(objects) do
      local out = core.emit { { object = object } }
      local ok, loaded = pcall(core.load_yaml, out, "case.yaml")
      if not ok then error(failure(i, out, "load_yaml: " .. tostring(loaded)), 0) end
      if not same(object, loaded) then
        error(failure(i, out, "loaded back as " .. describe_value(loaded)), 0)
      end
    end
  end)

  it(("gives back the same data in YAML 1.1, [] and {} included (%d cases)"):format(CASES), function()
    local docs = {}
    for i, object in ipairs(objects) do docs[i] = { object = object, source = "case " .. i } end
    local stream = core.emit(docs)
    local read = pyyaml.read(stream)
    assert.is_truthy(read.python, "no output from PyYAML")
    for parser, texts in pairs(read) do
      assert.are.equal(#objects, #texts, parser .. ": document count")
      for i, object in ipairs(objects) do
        if canon(object) ~= texts[i] then
          error(failure(i, core.emit { { object = object } },
            ("PyYAML (%s parser) read %s"):format(parser, texts[i])), 0)
        end
      end
    end
  end)

  it("covers what it claims to", function()
    -- the generator really produces the hard cases
    local seen = {}
    local function walk(v)
      if type(v) == "string" then
        if v:find("\n", 1, true) then seen.multiline = true end
        if v == "yes" or v == "no" or v == "on" then seen.boolean_word = true end
        if v:find("^[0-9]") then seen.numeric_start = true end
      elseif math.type(v) == "float" then seen.float = true
      elseif v == core.null then seen.null = true
      elseif type(v) == "table" then
        if core.is_list(v) and next(v) == nil then seen.empty_list = true end
        if core.is_map(v) and next(v) == nil then seen.empty_map = true end
        for k, x in pairs(v) do walk(k); walk(x) end
      end
    end
    for _, object in ipairs(objects) do walk(object) end
    for _, what in ipairs { "multiline", "boolean_word", "numeric_start", "float", "null",
                            "empty_list", "empty_map" } do
      assert.is_true(seen[what] == true, "never generated: " .. what)
    end
  end)
end)
