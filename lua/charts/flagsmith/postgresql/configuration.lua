-- Server settings of the in-cluster PostgreSQL: the docs page's
-- postgresql.postgresqlConfiguration map (max_connections: '200') and
-- Bitnami's devPostgresql.primary.extendedConfiguration text, written to the
-- ConfigMap the server reads from conf.d (Bitnami's extended configuration).
local meta = require "postgresql.meta"
local tables = require "tables"

local M = {}

-- maxConnections -> max_connections (the earlier chart accepted both).
local function snake(key)
  return (key:gsub("(%l)(%u)", "%1_%2"):lower())
end

-- A postgresql.conf value, single-quoted (valid for every setting type).
local function conf_value(v, where)
  local text = tables.scalar_text(v)
  if text == nil then error(("%s: expected a string, number or boolean"):format(where), 0) end
  local escaped = text:gsub("\\", "\\\\"):gsub("'", "''")
  return "'" .. escaped .. "'"
end

-- The text of override.conf, or nil when nothing is configured.
function M.text(values)
  local lines = {}
  local extended = values.devPostgresql.primary.extendedConfiguration
  if extended ~= nil and extended ~= "" then lines[#lines + 1] = (extended:gsub("\n+$", "")) end
  local settings = values.postgresql.postgresqlConfiguration
  for _, key in ipairs(tables.sorted_keys(settings)) do
    local where = "postgresql.postgresqlConfiguration." .. key
    if not key:match("^[%a_][%w_]*$") then
      error(("%s: not a PostgreSQL setting name"):format(where), 0)
    end
    lines[#lines + 1] = ("%s = %s"):format(snake(key), conf_value(settings[key], where))
  end
  if #lines == 0 then return nil end
  return table.concat(lines, "\n")
end

function M.configmap_name(fullname)
  return fullname .. "-extended-configuration"
end

function M.object(values, release, pg)
  local text = M.text(values)
  if text == nil then return nil end
  return fsgen.source {
    apiVersion = "v1",
    kind = "ConfigMap",
    metadata = meta.metadata(values, release, M.configmap_name(pg.fullname), "primary"),
    data = { ["override.conf"] = text },
  }
end

return M
