-- File access for the engine: resolving paths, reading files, recording what
-- was read for the depfile, and keeping overlays inside the project root.
local core = require "fsgen.core"
local lfs = require "lfs"

local M = {}

local cut_last = core.cut_last

function M.dirname(path)
  local dir = cut_last(path, "/")
  if dir == nil then return "." end
  if dir == "" then return "/" end
  return dir
end

-- path relative to the directory dir when path is inside it, else nil
-- (both absolute and resolved; dir without a trailing slash, or "/").
function M.below(path, dir)
  if dir == "/" then return path:sub(1, 1) == "/" and path:sub(2) or nil end
  local n = #dir
  if path:byte(n + 1) == 47 and path:find(dir, 1, true) == 1 then return path:sub(n + 2) end
  return nil
end

function M.join(dir, path)
  if path:sub(1, 1) == "/" or dir == "." then return path end
  return dir .. "/" .. path
end

-- realpath(3), remembered: files do not move during a run, and resolving a
-- path costs a system call per component.  A path whose last part is no
-- symbolic link resolves as its directory does, plus that part: one lstat
-- instead of a readlink for every component, for each of a chart's files.
local real_cache = {}
local plain_files = {} -- paths is_file found to be files and no links
function M.realpath(path)
  local hit = real_cache[path]
  if hit then return hit end
  local real, err
  local dir, base = cut_last(path, "/")
  if not dir then dir, base = ".", path end
  if base == "" then base = nil end
  local mode = base and base ~= "." and base ~= ".." and
    (plain_files[path] and "file" or lfs.symlinkattributes(path, "mode"))
  local real_dir = mode and mode ~= "link" and M.realpath(dir == "" and "/" or dir)
  if real_dir then
    real = (real_dir == "/" and "" or real_dir) .. "/" .. base
  else
    real, err = core.realpath(path)
  end
  if real then real_cache[path] = real end
  return real, err
end

function M.kind(path)
  return lfs.attributes(path, "mode")
end

-- The text of path when it is a regular file and no symbolic link: found
-- and read with one open, and then known plain to realpath.  Else nil and
-- "missing", "link", "not a file" or "error", for the caller to look closer.
function M.read_plain(path)
  local text, _, what = core.read_file(path, true)
  if text then plain_files[path] = true end
  return text, what
end

-- Whether path is a file (through symbolic links, as kind(path) == "file").
-- One lstat for a plain file, which realpath then needs no more.
function M.is_file(path)
  local mode = lfs.symlinkattributes(path, "mode")
  if mode == "link" then return M.kind(path) == "file" end
  if mode ~= "file" then return false end
  plain_files[path] = true
  return true
end

-- Sorted entry names of a directory (none when it does not exist).
function M.list(dir)
  local names = {}
  if lfs.attributes(dir, "mode") ~= "directory" then return names end
  for name in lfs.dir(dir) do
    if name ~= "." and name ~= ".." then names[#names + 1] = name end
  end
  table.sort(names)
  return names
end

-- A tracker records every file read, in order, once.
local Tracker = {}
Tracker.__index = Tracker

function M.tracker(root)
  local cwd = assert(M.realpath("."))
  local real_root, err = M.realpath(root or ".")
  if not real_root then error(("--root %s"):format(err), 0) end
  return setmetatable({ cwd = cwd, root = real_root, root_shown = root or ".",
    files = {}, seen = {} }, Tracker)
end

-- The name make should see: relative to the current directory when inside it.
function Tracker:display(real)
  return M.below(real, self.cwd) or real
end

function Tracker:record(path)
  local real = M.realpath(path) or path
  if not self.seen[real] then
    self.seen[real] = true
    self.files[#self.files + 1] = self:display(real)
  end
  return real
end

-- Reads a file the engine itself chose (chart modules, overlays, values files).
function Tracker:read(path)
  local text, err = core.read_file(path)
  if not text then error(err, 0) end
  self:record(path)
  return text
end

function Tracker:inside_root(path)
  local real = M.realpath(path)
  if not real then return nil end
  local root = self.root == "/" and "/" or self.root .. "/"
  if real ~= self.root and real:sub(1, #root) ~= root then return nil end
  return real
end

-- Reads on behalf of overlay code: only under the root (symlinks resolved).
function Tracker:read_confined(path)
  local real = self:inside_root(path)
  if not real then
    if not M.realpath(path) then error(("fsgen.read: %s: no such file"):format(path), 0) end
    error(("fsgen.read: %s is outside the project root '%s' (see --root)"):format(path, self.root_shown), 0)
  end
  if lfs.attributes(real, "mode") ~= "file" then
    error(("fsgen.read: %s is not a file"):format(path), 0)
  end
  return self:read(real)
end

-- Lists a directory under the root: sorted names, without . and ..
function Tracker:dir_confined(path)
  local real = self:inside_root(path)
  if not real or lfs.attributes(real, "mode") ~= "directory" then
    error(("fsgen.dir: %s is not a directory under the project root '%s' (see --root)")
      :format(path, self.root_shown), 0)
  end
  self:record(real)
  return M.list(real)
end

return M
