-- Container resources: a named preset (fsgen's answer to the docs page's
-- "TODO: recommend some defaults") under the explicit `resources`, which win
-- key by key.  "medium" is the docs page's recommendation of one CPU and 2GB.
local tables = require "tables"

local M = {}

M.PRESETS = {
  none = {},
  small = { requests = { cpu = "250m", memory = "512Mi" }, limits = { cpu = "500m", memory = "1Gi" } },
  medium = { requests = { cpu = "500m", memory = "1Gi" }, limits = { cpu = "1", memory = "2Gi" } },
  large = { requests = { cpu = "1", memory = "2Gi" }, limits = { cpu = "2", memory = "4Gi" } },
}

-- The resources of a component whose values are under `prefix` ("api"), or
-- nil when there are none.
function M.of(component_values, prefix)
  local preset_name = component_values.resourcesPreset or "none"
  local preset = M.PRESETS[preset_name]
  if preset == nil then
    error(("%s.resourcesPreset: unknown preset '%s' (expected one of: none, small, medium, large)")
      :format(prefix, tostring(preset_name)), 0)
  end
  return tables.non_empty(tables.deep_merge(preset, component_values.resources or {}))
end

return M
