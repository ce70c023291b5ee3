-- Writes the seed corpora of spec/fuzz/ from the project's own test data:
-- YAML files for the loader, --set expressions for setpath, and real
-- objects and values encoded as fuzz_tables programs for emit and layer.
--   LUA_PATH="lua/?.lua;lua/?/init.lua;fuzz/lua/?.lua;;" LUA_CPATH="BUILD/lmod/?.so;;" \
--     lua5.4 fuzz/make_seeds.lua
-- Run from the source tree; existing seeds of the same name are replaced.
local core = require "fsgen.core"
local tables = require "fuzz_tables"

local function read(p)
  local f = io.open(p, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function lines_of(cmd)
  local p = io.popen(cmd)
  local out = {}
  for l in p:lines() do out[#out + 1] = l end
  p:close()
  return out
end

local written = {}
local function write(target, name, bytes)
  os.execute("mkdir -p spec/fuzz/" .. target)
  local f = assert(io.open(("spec/fuzz/%s/%s"):format(target, name), "wb"))
  f:write(bytes)
  f:close()
  written[target] = (written[target] or 0) + 1
end

-- ---- fuzz_tables programs -------------------------------------------------

local word_index = {}
for i, w in ipairs(tables.WORDS) do word_index[w] = i - 1 end

-- Ops as in fuzz_tables.lua.
local function encode(v, out)
  if core.is_null(v) then
    out[#out + 1] = string.char(5, 2)
  elseif type(v) == "boolean" then
    out[#out + 1] = string.char(5, v and 1 or 0)
  elseif math.type(v) == "integer" then
    if v >= -64 and v <= 191 then out[#out + 1] = string.char(2, v + 64)
    else out[#out + 1] = string.char(3) .. string.pack("<i8", v) end
  elseif math.type(v) == "float" then
    out[#out + 1] = string.char(4) .. string.pack("<d", v)
  elseif type(v) == "string" then
    if word_index[v] then
      out[#out + 1] = string.char(1, word_index[v])
    else
      -- long strings in pieces of up to 23 bytes, joined by nothing: the
      -- machine has no concatenation, so keep the first 23 bytes only
      out[#out + 1] = string.char(0, math.min(#v, 23)) .. v:sub(1, 23)
    end
  elseif type(v) == "table" then
    out[#out + 1] = string.char(6)
    if core.is_list(v) then out[#out + 1] = string.char(7, 0)
    elseif core.is_map(v) and next(v) == nil then out[#out + 1] = string.char(7, 1) end
    local n = #v
    for i = 1, n do
      encode(v[i], out)
      out[#out + 1] = string.char(9)
    end
    local keys = {}
    for k in next, v do
      if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
    end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    for _, k in ipairs(keys) do
      encode(k, out)
      encode(v[k], out)
      out[#out + 1] = string.char(8)
    end
  end
  return out
end

local function program(values)
  local out = {}
  for _, v in ipairs(values) do encode(v, out) end
  return table.concat(out)
end

-- ---- sources ----------------------------------------------------------------

local yaml_files = lines_of("ls spec/fixtures/yaml/*.yaml spec/bad/*/v.yaml spec/golden/*.yaml 2>/dev/null")
for _, extra in ipairs(lines_of("ls spec/flagsmith/fixtures/*.yaml examples/*.yaml 2>/dev/null")) do
  yaml_files[#yaml_files + 1] = extra
end

local hand_yaml = {
  anchors = "base: &b {a: 1, b: [x, y]}\nuse: *b\nmerged:\n  <<: *b\n  a: 2\n",
  merge_list = "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n",
  block = "literal: |\n  line one\n  line two\nfolded: >-\n  folded\n  text\nkeep: |+\n  x\n\n",
  flow = "{a: [1, 2.5, -3, 0x1F, 0o17, .inf, -.Inf, .nan, ~, null, true, False, '', \"\\t\"]}\n",
  tags = "a: !!str 123\nb: !!int '7'\nc: !!float 1\nd: !!bool true\ne: !!null ''\nf: !!map {}\ng: !!seq []\n",
  quoting = "'yes': \"no\"\n\"8080\": '1e3'\n? complex\n: value\n\"multi\\nline\": \"\\u2028\"\n",
  empty_things = "a: {}\nb: []\nc:\nd: ''\n---\n",
  deep = ("- " ):rep(40) .. "x\n",
  laughs = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]\n",
  documents = "---\na: 1\n...\n---\n- b\n--- c\n",
  directives = "%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
  crlf = "a: 1\r\nb:\r\n  - c\r\n",
  secret = "secret:\n  password: S3CR3T-hunter2\n  extra: [1, 2]\n",
}

-- ---- yaml_load: flags byte (1 = multi, 2 = no marks) and the text -------

for _, file in ipairs(yaml_files) do
  local text = read(file)
  if text and #text < 64 * 1024 then
    local name = file:gsub("^spec/", ""):gsub("[/%.]", "_")
    write("yaml_load", name, "\0" .. text)
    write("yaml_load", name .. "_multi", "\1" .. text)
  end
end
for name, text in pairs(hand_yaml) do write("yaml_load", name, "\0" .. text) end

-- ---- setpath: flags byte (1 = --set-string, >>1 = secret prefix), lines ---

local set_lines = {
  "a.b=c", "a.b=c,d.e=f", "a[0].b=c", "a={x,y}", "a=null", "a\\.b=c", "a\\,b=c\\=d",
  "list[2]=x", "list[0][1]=y", "a[0]=1,a[1]=2", "a=true,b=FALSE,c=0123,d=-5,e=9223372036854775808",
  "name={}", "a={x,{y}", "a.b.c.d.e.f.g.h=1", "a[99999999]=x", "a[-1]=x", "a[x]=1", "=x",
  "a.=1", "a..b=1", "a\\", "a", "a[0]", "a={a,b},c=d", "a={}x", "password=hunter2,b",
  "ingress.hosts[0].host=x.example.com", "web.replicas=3", "image.tag=1.2.3",
}
for i, line in ipairs(set_lines) do
  write("setpath", ("line%02d"):format(i), string.char((i * 2) % 16) .. line)
end
write("setpath", "many", "\0" .. table.concat(set_lines, "\n", 1, 8))
write("setpath", "many_string", "\1" .. table.concat(set_lines, "\n", 9, 16))
for _, file in ipairs(lines_of("ls spec/bad/set-*/args")) do
  local expr = read(file):match("%-%-set%-?s?t?r?i?n?g? '?([^']*)'?")
  if expr then
    write("setpath", "bad_" .. file:match("bad/([^/]+)/"), (file:find("string") and "\1" or "\0") .. expr)
  end
end

-- ---- emit: flags byte (1 = first value unwrapped, 2 = with source) ------

for _, file in ipairs(yaml_files) do
  local text = read(file)
  local ok, docs = pcall(core.load_yaml, text or "", file, { multi = true, marks = false })
  if ok and #docs > 0 then
    local name = file:gsub("^spec/", ""):gsub("[/%.]", "_")
    write("emit", name, "\2" .. program(docs))
    write("layer", name, program(docs))
  end
end
for name, text in pairs(hand_yaml) do
  local ok, docs = pcall(core.load_yaml, text, name, { multi = true, marks = false })
  if ok and #docs > 0 then
    write("emit", name, "\0" .. program(docs))
    write("layer", name, program(docs))
  end
end

-- ---- layer: the demo overlays' values, in layering order ----------------

write("layer", "demo_layers", program {
  { image = { repository = "example/demo", tag = "2.0.0" }, replicas = 1, secret = { password = core.null } },
  { labels = { team = "platform" }, secret = { password = tables.SECRET } },
  { replicas = 3, hosts = { "demo.example.com" }, env = { MODE = "production", WORKERS = 4 } },
  { nested = { a = { b = core.null } }, ports = {}, resources = { limits = { cpu = "1" } } },
  { image = core.map {}, hosts = {}, unknown = { deep = { key = 1 } }, replicas = "3" },
})

for target, n in pairs(written) do print(("%s: %d seeds"):format(target, n)) end
