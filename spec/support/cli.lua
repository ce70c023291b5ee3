-- Runs the real fsgen binary, as busted's own CLI specs do.
local M = {}

M.bin = os.getenv("FSGEN_BIN") or "build/fsgen"
-- The same fsgen linked with the shared libc, which LD_PRELOAD reaches (the
-- build's fsgen is a static executable where it can be).
M.dynamic_bin = os.getenv("FSGEN_DYNAMIC_BIN") or M.bin
M.source_dir = os.getenv("FSGEN_SOURCE_DIR") or "."
-- A command prefix for every run (sh syntax), to run the specs under a
-- checker: FSGEN_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full".
M.wrapper = os.getenv("FSGEN_WRAPPER")
if M.wrapper == "" then M.wrapper = nil end

local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end
M.read = read

function M.quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- run(args, {cwd=, env=, bin=, merge_stderr=, wrapper=}) -> {code=, stdout=, stderr=}
-- args is a list of arguments or a string already quoted for sh; wrapper =
-- false runs bin without M.wrapper (a static executable is out of valgrind's reach).
function M.run(args, opts)
  opts = opts or {}
  local wrapper = M.wrapper
  if opts.wrapper == false then wrapper = nil end
  local argv = args
  if type(args) == "table" then
    local q = {}
    for i, a in ipairs(args) do q[i] = M.quote(a) end
    argv = table.concat(q, " ")
  end
  local out, err = os.tmpname(), os.tmpname()
  local cmd = ("%s%s%s%s %s >%s 2>%s"):format(
    opts.cwd and ("cd " .. M.quote(opts.cwd) .. " && ") or "",
    opts.env and (opts.env .. " ") or "",
    wrapper and (wrapper .. " ") or "",
    M.quote(opts.bin or M.bin), argv, out, opts.merge_stderr and "&1" or err)
  local _, _, code = os.execute(cmd)
  local result = { code = code, stdout = read(out), stderr = read(err) }
  os.remove(out)
  os.remove(err)
  return result
end

function M.tmpdir()
  local p = os.tmpname()
  os.remove(p)
  assert(os.execute("mkdir -p " .. M.quote(p)))
  return p
end

function M.rmtree(p)
  os.execute("rm -rf " .. M.quote(p))
end

-- The absolute path of a file of the source tree.
function M.src(rel)
  local dir = M.source_dir
  if dir:sub(1, 1) ~= "/" then
    local pwd = io.popen("pwd"):read("l")
    dir = pwd .. "/" .. dir
  end
  return dir .. "/" .. rel
end

function M.write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

-- Sorted entry names of a directory, hidden ones too (none when it is absent).
function M.list(dir)
  local p = io.popen("ls -A " .. M.quote(dir) .. " 2>/dev/null")
  local names = {}
  for name in p:lines() do names[#names + 1] = name end
  p:close()
  table.sort(names)
  return names
end

-- { name = content } of the files of dir (not recursive: fsgen writes a flat
-- directory), or nil when dir does not exist.
function M.snapshot(dir)
  local kind = io.popen("test -d " .. M.quote(dir) .. " && echo dir"):read("l")
  if kind ~= "dir" then return nil end
  local files = {}
  for _, n in ipairs(M.list(dir)) do files[n] = read(dir .. "/" .. n) end
  return files
end

-- A file's permission bits, as stat prints them ("644").
function M.mode(path)
  local p = io.popen("stat -c %a " .. M.quote(path))
  local m = p:read("l")
  p:close()
  return m
end

-- The cases of a corpus directory: each <case>/ holds `args` (the command
-- line after `fsgen`, sh syntax, run inside the case dir) and `expected`
-- (first line: the exit code; the rest: stderr, exactly).  Returns a list of
-- { name =, dir =, args =, code =, stderr = }.
function M.cases(root)
  local cases = {}
  for _, name in ipairs(M.list(root)) do
    local dir = root .. "/" .. name
    local args = assert(read(dir .. "/args"), name .. ": no args file"):gsub("\n+$", "")
    local expected = assert(read(dir .. "/expected"), name .. ": no expected file")
    local code, stderr = expected:match("^(%d+)\n(.*)$")
    cases[#cases + 1] = { name = name, dir = dir, args = args, code = tonumber(code), stderr = stderr }
  end
  return cases
end

return M
