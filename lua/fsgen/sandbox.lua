-- The environment chart and overlay code runs in.  Chosen, not carved: each
-- module gets a fresh table holding only safe functions, read-only views of
-- the standard libraries, the `fsgen` API bound to the module's own file, and
-- a `require` that loads Lua files of its own directory tree.
local core = require "fsgen.core"
local fs = require "fsgen.fs"
local merge = require "fsgen.merge"
local suggest = require "fsgen.suggest"

local M = {}

-- Tables overlays must not change, not even with rawset.
local protected = setmetatable({}, { __mode = "k" })

local function refuse(_, key)
  error(("attempt to modify a read-only fsgen table (field '%s')"):format(tostring(key)), 2)
end

-- A read-only view of source (reads go through to it and its own __index).
-- The metamethods are shared by every view (the libraries' and each
-- module's fsgen, see Loader:api), not made per view.
local function view_pairs(proxy) return next, protected[proxy], nil end
local function view_len(proxy) return #protected[proxy] end

local function readonly(source)
  local proxy = setmetatable({}, {
    __index = source, __newindex = refuse, __pairs = view_pairs, __len = view_len,
    __metatable = false,
  })
  protected[proxy] = source
  return proxy
end
M.readonly = readonly

local function copy_except(lib, drop)
  local t = {}
  for k, v in pairs(lib) do
    if not drop[k] then t[k] = v end
  end
  return readonly(t)
end

local libs = {
  string = copy_except(string, { dump = true }),
  table = readonly(table),
  math = copy_except(math, { random = true, randomseed = true }),
  utf8 = readonly(utf8),
}

-- Why a name is missing, for the error message.
local missing = {
  io = "there is no io library: read files with fsgen.read",
  os = "there is no os library: read the environment with fsgen.env",
  debug = "there is no debug library",
  package = "there is no package library: use require for Lua files of this directory",
  dofile = "there is no dofile: use require",
  loadfile = "there is no loadfile: use require or fsgen.read with load",
  print = "there is no print: standard output carries the manifests",
  collectgarbage = "there is no collectgarbage",
}

local function safe_rawset(t, k, v)
  if protected[t] then
    error(("attempt to modify a read-only fsgen table (field '%s')"):format(tostring(k)), 2)
  end
  return rawset(t, k, v)
end

local function safe_load(chunk, name, mode, env)
  if mode ~= nil and mode ~= "t" then
    error("load: only text chunks are allowed (mode 't')", 2)
  end
  if type(chunk) == "string" and chunk:byte(1) == 27 then
    error("load: binary chunks are not allowed", 2)
  end
  return load(chunk, name, "t", env)
end

-- Once the instruction budget or the memory cap is hit, the run is over:
-- pcall and coroutine.resume must not let overlay code swallow that error.
local host_ok, host = pcall(require, "fsgen.host")
local function limit_hit() return host_ok and host.limit_exceeded() end

-- Calls overlay or chart code under the instruction budget (the host's hook
-- is on only while such code runs).
local function plain_call(f, ...) return f(...) end
M.run_user = host_ok and host.sandboxed or plain_call
-- Calls the shipped chart's code, precompiled from the text on disk, without
-- the hook: fsgen's own code, like the engine (see host.trusted).
M.run_trusted = host_ok and host.trusted or plain_call
local distrust = host_ok and host.distrust or function() end

-- The shipped chart is precompiled without debug information: a quarter
-- less to load, and no names of locals to intern at every start.  An error
-- raised in such code names no place ("?:-1: ..."), so the engine renders
-- again after want_lines(): every module compiled from its text from then on.
local lines_wanted = false
M.NO_PLACE = "?:-1:"
function M.want_lines() lines_wanted = true end
function M.lines_wanted() return lines_wanted end

local function pass(ok, ...)
  if not ok and limit_hit() then error((...), 0) end
  return ok, ...
end

local function safe_pcall(f, ...) return pass(pcall(f, ...)) end
local function safe_xpcall(f, handler, ...) return pass(xpcall(f, handler, ...)) end

local co = {}
for k, v in pairs(coroutine) do co[k] = v end
co.resume = function(thread, ...) return pass(coroutine.resume(thread, ...)) end
co.wrap = function(f)
  local thread = coroutine.create(f)
  local function unwrap(ok, ...)
    if not ok then error((...), 0) end
    return ...
  end
  return function(...) return unwrap(pass(coroutine.resume(thread, ...))) end
end
libs.coroutine = readonly(co)

local base = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs,
  pcall = safe_pcall, xpcall = safe_xpcall, select = select, tonumber = tonumber, tostring = tostring,
  type = type, rawequal = rawequal, rawlen = rawlen,
  rawget = rawget, rawset = safe_rawset, setmetatable = setmetatable,
  getmetatable = getmetatable, _VERSION = _VERSION,
}

-- Compiled chunks by real path, kept for the life of the process: several
-- environments rendered in one run (--each) parse each file once, and each
-- still runs it afresh in its own environment.
local compiled = {}

-- Where `require` found each module name from each directory, for the life
-- of the process too: files do not move during a run, and --each would
-- otherwise look every module up again for every environment.
local located = {}

-- The file module `name` is in, from base_dir (a.b -> a/b.lua or
-- a/b/init.lua), and its text when finding it read it; nil and the paths
-- looked at when there is none.
local function locate(base_dir, name)
  local where = located[base_dir]
  if not where then
    where = {}
    located[base_dir] = where
  end
  local found = where[name]
  if found then return found end
  local rel = name:gsub("%.", "/")
  -- Two locals first: a constructor ending in a call cannot be presized.
  local as_file, as_package = fs.join(base_dir, rel .. ".lua"), fs.join(base_dir, rel .. "/init.lua")
  local candidates = { as_file, as_package }
  for _, candidate in ipairs(candidates) do
    -- The common case, a plain file, is found by reading it.
    local text, what = fs.read_plain(candidate)
    if text or (what ~= "missing" and fs.is_file(candidate)) then
      where[name] = candidate
      return candidate, nil, text
    end
  end
  return nil, candidates
end

-- A loader shared by the modules of one run: files are loaded once, in the
-- sandbox, and recorded as dependencies.
local Loader = {}
Loader.__index = Loader

function M.loader(ctx)
  return setmetatable({ ctx = ctx, cache = {}, loading = {}, texts = {}, required = {}, envs = {} }, Loader)
end

-- Ends the loader's run: the cached chunks it ran stop pointing at its
-- environments, so that the compiled-chunk cache keeps no finished run alive
-- (--each renders hundreds in one process).  A to-be-closed variable in the
-- engine's render calls it, on errors too.
function Loader:release()
  for real, env in pairs(self.envs) do
    local c = compiled[real]
    if c and c.proxy_mt.__index == env then c.proxy_mt.__index, c.proxy_mt.__newindex = nil, nil end
  end
  self.envs = {}
end
Loader.__close = Loader.release

-- Whether the file at path ran as the shipped chart's own precompiled code.
function Loader:trusted(path)
  local c = compiled[fs.realpath(path) or path]
  return c ~= nil and c.trusted
end

-- The name of a module file in `# Source:` lines: the same wherever fsgen
-- runs from.  Shipped files by their place under lua/, a chart's files as
-- <chart folder>/<file>, others relative to the project root.
function Loader:label(path)
  local ctx = self.ctx
  local real = fs.realpath(path) or path
  local lua_dir = ctx.lua_dir and fs.realpath(ctx.lua_dir)
  local rel = lua_dir and fs.below(real, lua_dir)
  if rel then return rel end
  rel = self.chart_dir and fs.below(real, self.chart_dir)
  if rel then return self.chart_dir:match("[^/]*$") .. "/" .. rel end
  local root = ctx.files.root
  return root and fs.below(real, root) or real
end

-- The name of a module file in messages: relative to where fsgen runs.
function Loader:display(path)
  local ctx = self.ctx
  local lua_dir = ctx.lua_dir and (ctx.lua_dir .. "/")
  if lua_dir and path:sub(1, #lua_dir) == lua_dir then return path:sub(#lua_dir + 1) end
  return ctx.files:display(fs.realpath(path) or path)
end

-- Runs the file at path in a fresh environment; returns what the chunk
-- returned.  text: the file's, when the caller has read it already.
function Loader:run(path, base_dir, text)
  local real = fs.realpath(path) or path
  local cached = self.cache[real]
  if cached ~= nil then return cached end
  if self.loading[real] then
    error(("%s: require loop"):format(self:display(path)), 0)
  end
  self.loading[real] = true
  local env = self:env(path, base_dir or core.cut_last(path, "/") or ".")
  local c = compiled[real]
  if c and c.trusted and lines_wanted then c = nil end
  if c or text then
    self.ctx.files:record(path)
  end
  if not c then
    text = text or self.ctx.files:read(path)
    -- The chunk's _ENV is a proxy, pointed at each run's fresh environment.
    local proxy_mt = { __metatable = false, __index = env, __newindex = env }
    local proxy = setmetatable({}, proxy_mt)
    local chunk = host_ok and not lines_wanted and host.precompiled(self:label(path), text, proxy) or nil
    local trusted = chunk ~= nil
    if not chunk then
      local err
      chunk, err = load(text, "@" .. self:display(path), "t", proxy)
      if not chunk then error(err, 0) end
    end
    c = { chunk = chunk, proxy_mt = proxy_mt, text = text, trusted = trusted }
    compiled[real] = c
  end
  self.texts[real] = c.text
  c.proxy_mt.__index, c.proxy_mt.__newindex = env, env
  self.envs[real] = env
  if not c.trusted then distrust() end
  local result = (c.trusted and M.run_trusted or M.run_user)(c.chunk)
  if result == nil then result = true end
  self.cache[real] = result
  self.loading[real] = nil
  return result
end

-- require inside a module: Lua files under base_dir only (a.b -> a/b.lua).
-- Files do not move during a run: what a name gave from base_dir once, it
-- gives again (charts require the same modules from many places, often
-- inside functions).
-- One function per base_dir: every module of a chart shares it.
function Loader:require_in(base_dir)
  local fn = self.required[base_dir]
  if fn then return fn end
  local done = {}
  fn = function(name)
    local result = done[name]
    if result ~= nil then return result end
    if type(name) ~= "string" or not name:find("^[%w_%-][%w_%.%-]*$") or name:find("..", 1, true) then
      error(("require: invalid module name '%s'"):format(tostring(name)), 2)
    end
    local found, candidates, text = locate(base_dir, name)
    if not found then
      error(("require: no module '%s' (looked for %s and %s; C modules are not available)")
        :format(name, self:display(candidates[1]), self:display(candidates[2])), 2)
    end
    result = self:run(found, base_dir, text)
    done[name] = result
    return result
  end
  self.required[base_dir] = fn
  return fn
end

-- The parts of the fsgen API that do not depend on the calling module, made
-- once per run; each module's `fsgen` adds read, dir and source on top.
function Loader:shared_api()
  if self.api_base then return self.api_base end
  local ctx = self.ctx
  local base_api = {
    null = core.null, list = core.list, map = core.map,
    is_null = core.is_null, is_list = core.is_list, is_map = core.is_map,
    sha256 = core.sha256, deepcopy = merge.deepcopy, merge = merge.merge,
    emit = function(obj) return core.emit { { object = obj } } end,
    -- opts.multi: every document of the text, as a list.
    load_yaml = function(text, name, opts)
      return (core.load_yaml(text, name or "<string>", opts and { multi = opts.multi and true or false }))
    end,
    env = function(name, default)
      if type(name) ~= "string" then error("fsgen.env: expected a variable name", 2) end
      local value = core.getenv(name)
      ctx.env_used[name] = value or false
      if value == nil then return default end
      return value
    end,
  }
  self.api_base = base_api
  return base_api
end

local MODULE_API = { read = true, dir = true, source = true }

-- The functions of a module's own `fsgen` (m: { file =, folder = }), made when
-- the module first asks for them: most modules never do.
local function module_api(loader, m, key)
  local ctx = loader.ctx
  local function rel(p)
    if type(p) ~= "string" then error("expected a path string", 3) end
    return fs.join(m.folder, p)
  end
  if key == "read" then return function(p) return ctx.files:read_confined(rel(p)) end end
  if key == "dir" then return function(p) return ctx.files:dir_confined(rel(p)) end end
  local label -- the module's name in `# Source:` lines, found when first asked
  return function(x)
    if type(x) ~= "table" then error("fsgen.source: expected an object or a list of objects", 2) end
    label = label or loader:label(m.file)
    if x.kind ~= nil then
      ctx.sources[x] = label
    else
      for _, obj in ipairs(x) do ctx.sources[obj] = label end
    end
    return x
  end
end

-- Each module's `fsgen`: an empty read-only view.  One metatable serves
-- every module of a run; what is the module's own (its folder, its path,
-- read, dir and source once made) is kept beside its view.
function Loader:api(path)
  local mt = self.api_mt
  if not mt then
    local base, own = self:shared_api(), {}
    local names = { "read", "dir", "source" }
    for k in pairs(base) do names[#names + 1] = k end
    mt = {
      __index = function(view, key)
        local v = base[key]
        if v ~= nil then return v end
        if MODULE_API[key] then
          local m = own[view]
          v = m[key] or module_api(self, m, key)
          m[key] = v
          return v
        end
        -- A typo in `fsgen.nul` must be an error with a suggestion, not a nil.
        local near = type(key) == "string" and suggest.nearest(key, names)
        error(("fsgen.%s does not exist%s"):format(tostring(key),
          near and (" (did you mean fsgen." .. near .. "?)") or ""), 2)
      end,
      __newindex = refuse, __pairs = view_pairs, __len = view_len, __metatable = false,
    }
    self.api_mt, self.api_own = mt, own
  end
  local view = setmetatable({}, mt)
  protected[view] = self.api_base
  self.api_own[view] = { file = path, folder = core.cut_last(path, "/") or "." }
  return view
end

-- Every module's globals: the safe functions and read-only libraries, shared;
-- reading any other undefined global is an error that says why it is missing.
local shared_globals = {}
for k, v in pairs(base) do shared_globals[k] = v end
for k, v in pairs(libs) do shared_globals[k] = v end
setmetatable(shared_globals, {
  __index = function(_, key)
    local why = missing[key]
    error(("undefined global '%s'%s"):format(tostring(key), why and (" (" .. why .. ")") or ""), 2)
  end,
  __metatable = false,
})

local env_mt = { __index = shared_globals, __metatable = false }

-- Built whole: a table that grows key by key is rehashed at every power of
-- two, and every module of a run gets one.
function Loader:env(path, base_dir)
  local env
  env = {
    load = function(chunk, name, mode, e) return safe_load(chunk, name, mode, e or env) end,
    require = self:require_in(base_dir),
    fsgen = self:api(path),
    _G = false, -- the environment itself, below
  }
  env._G = env
  return setmetatable(env, env_mt)
end

return M
