---@meta
-- LuaLS annotations for what fsgen gives overlays and charts.  Point your
-- editor's workspace.library at this folder (see examples/.luarc.json) and
-- annotate an overlay with `---@type flagsmith.Overlay` (meta/flagsmith.lua).

---@class fsgen.Patch
---@field kind string             the object's kind, "*" for any
---@field name? string            the object's name; all of the kind when absent
---@field namespace? string
---@field apiVersion? string
---@field merge? table            a partial object: maps merge, lists of named things merge by name
---@field delete? true            remove the object
---@field json? fsgen.JsonPatchOp[] RFC 6902 operations

---@class fsgen.JsonPatchOp
---@field op "add"|"replace"|"remove"|"test"
---@field path string             a JSON pointer: "/spec/replicas"
---@field value? any

---@class fsgen.Release
---@field name? string
---@field namespace? string

---@class fsgen.Overlay
---@field description? string
---@field chart? string           a chart name, or a path relative to this file
---@field extends? string[]       shipped overlays by name, your own by path ("./base.lua")
---@field release? fsgen.Release
---@field values? table|fun(values: table): table
---@field patches? fsgen.Patch[]
---@field transform? fun(objects: table[], values: table): table[]?

---@class fsgen.Chart
---@field name string
---@field version? string
---@field app_version? string
---@field defaults table          the whole values surface
---@field open? string[]          value paths of open maps ("*.nodeSelector")
---@field secrets? string[]       value paths never shown
---@field render fun(values: table, release: fsgen.Release): table[], { tests: table[] }?

---@class fsgen.Api
---@field null userdata           written as YAML null; in values, deletes the key
fsgen = {}

---Marks t (or a new table) as a list: written `[]` when empty.
---@generic T: table
---@param t? T
---@return T
function fsgen.list(t) end

---Marks t (or a new table) as a map: written `{}` when empty.
---@generic T: table
---@param t? T
---@return T
function fsgen.map(t) end

---@param v any
---@return boolean
function fsgen.is_null(v) end

---@param v any
---@return boolean
function fsgen.is_list(v) end

---@param v any
---@return boolean
function fsgen.is_map(v) end

---A file under the project root (--root), relative to this file; recorded in the depfile.
---@param path string
---@return string
function fsgen.read(path) end

---Sorted entry names of a directory under the project root.
---@param path string
---@return string[]
function fsgen.dir(path) end

---The environment variable NAME, or default; the only way to read the environment.
---@param name string
---@param default? string
---@return string?
function fsgen.env(name, default) end

---Helm's merge: maps merge key by key, lists and scalars replace, fsgen.null deletes.
---@param base table
---@param over table
---@return table
function fsgen.merge(base, over) end

---@generic T
---@param v T
---@return T
function fsgen.deepcopy(v) end

---Hex SHA-256 of s.
---@param s string
---@return string
function fsgen.sha256(s) end

---Canonical YAML of a table (as fsgen writes it).
---@param t table
---@return string
function fsgen.emit(t) end

---Parses YAML text (with opts.multi, every document, as a list).
---@param text string
---@param name? string  for error messages
---@param opts? { multi: boolean }
---@return any
function fsgen.load_yaml(text, name, opts) end

---Names the calling module in the `# Source:` line of these objects.
---@generic T: table
---@param objects T
---@return T
function fsgen.source(objects) end

---@type any
fsgen.null = nil
