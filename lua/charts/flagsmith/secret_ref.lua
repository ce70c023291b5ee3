-- A secret value the pods read: given in the values (a Secret fsgen writes),
-- kept in an existing Secret (referenced only), or generated once in the
-- cluster (secret_init).  The Django secret key and the SSE token both work
-- this way.
--
-- spec: name and key (the chart's own Secret and its data key), existing
-- (the values { enabled, name, key } of an existing Secret) and
-- existing_path (their values path), given and given_path (a value given in
-- the values, nil when unset), component (label of the Secret fsgen writes),
-- init_component and job_suffix (the generating Job's label and name).
local secret_init = require "secret_init"
local tables = require "tables"

local M = {}

local function set(v) return v ~= nil and v ~= "" end

-- "given", "existing" or "generated".
function M.mode(spec)
  local existing = spec.existing.enabled
  if existing and set(spec.given) then
    error(("%s: set together with %s.enabled (use one of them)"):format(spec.given_path, spec.existing_path), 0)
  end
  if existing then return "existing" end
  if set(spec.given) then return "given" end
  return "generated"
end

-- { name, key } of the Secret the pods read.
function M.ref(spec)
  if M.mode(spec) == "existing" then
    local from = spec.existing
    if not set(from.name) then
      error(("%s.name: required when %s.enabled is true"):format(spec.existing_path, spec.existing_path), 0)
    end
    return { name = from.name, key = set(from.key) and from.key or spec.key }
  end
  return { name = spec.name, key = spec.key }
end

-- The Secret fsgen writes (only for a given value), else nil.
function M.secret(values, release, spec)
  if M.mode(spec) ~= "given" then return nil end
  return secret_init.secret(values, release, spec.name, spec.component,
    { [spec.key] = tables.scalar_text(spec.given) })
end

-- Every object of the value's handling.
function M.objects(values, release, spec)
  local mode = M.mode(spec)
  if mode == "given" then return { M.secret(values, release, spec) } end
  if mode == "existing" then return {} end
  return secret_init.objects(values, release, {
    secret = spec.name,
    keys = { spec.key },
    component = spec.init_component,
    job_suffix = spec.job_suffix,
  })
end

return M
