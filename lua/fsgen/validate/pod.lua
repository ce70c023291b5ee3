-- Checks of a pod spec (hook for io.k8s.api.core.v1.PodSpec, in every
-- workload; env var names are checked as walked): container, port and
-- volume names, container names
-- unique across init, app and ephemeral containers, port names unique per
-- container, port ranges, and volume mounts that name no volume.  (Names
-- repeated inside one list are the schema's list-map check.)
local names = require "fsgen.validate.names"
local report = require "fsgen.validate.report"
local walk = require "fsgen.validate.walk"

local M = {}

local CONTAINER_LISTS = { "initContainers", "containers", "ephemeralContainers" }

local function is_int(v) return math.type(v) == "integer" end

local function listing(set)
  local out = {}
  for name in pairs(set) do out[#out + 1] = name end
  table.sort(out)
  return table.concat(out, ", ")
end

local function container_ports(st, d, c, list_name, i)
  if type(c.ports) ~= "table" then return end
  local seen = {}
  for j = 1, #c.ports do
    local port = c.ports[j]
    if type(port) == "table" then
      local pn = port.name
      if type(pn) == "string" then
        local rule = names.iana_svc_name(pn)
        if rule then
          report.bad_value_below(st, d, { list_name, i, "ports", j, "name" }, pn,
            "%s is not a valid port name (must be " .. rule .. ")")
        end
        if seen[pn] then
          report.add_below(st, d, { list_name, i, "ports", j, "name" },
            ("duplicate port name %s (also ports[%d])"):format(report.literal(pn), seen[pn] - 1))
        else
          seen[pn] = j
        end
      end
      local cport, hport = port.containerPort, port.hostPort
      if is_int(cport) and (cport < 1 or cport > 65535) then
        report.bad_value_below(st, d, { list_name, i, "ports", j, "containerPort" }, cport,
          "%s is not a valid port number (1 to 65535)")
      end
      if is_int(hport) and (hport < 0 or hport > 65535) then
        report.bad_value_below(st, d, { list_name, i, "ports", j, "hostPort" }, hport,
          "%s is not a valid port number (0 to 65535)")
      end
    end
  end
end

local function volume_names(st, spec, d)
  local volumes = {}
  if type(spec.volumes) ~= "table" then return volumes end
  for i = 1, #spec.volumes do
    local vol = spec.volumes[i]
    local n = type(vol) == "table" and vol.name
    if type(n) == "string" then
      local rule = names.dns1123_label(n)
      if rule then
        report.bad_value_below(st, d, { "volumes", i, "name" }, n,
          "%s is not a valid volume name (must be " .. rule .. ")")
      end
      volumes[n] = true
    end
  end
  return volumes
end

local function mounts(st, d, c, list_name, i, volumes, claims)
  if type(c.volumeMounts) ~= "table" or list_name == "ephemeralContainers" then return end
  for j = 1, #c.volumeMounts do
    local m = c.volumeMounts[j]
    local mn = type(m) == "table" and m.name
    if type(mn) == "string" and not volumes[mn] and not claims[mn] then
      local known = next(volumes) and ("volumes: " .. listing(volumes)) or "the pod has no volumes"
      if next(claims) then known = known .. "; claim templates: " .. listing(claims) end
      report.add_below(st, d, { list_name, i, "volumeMounts", j, "name" },
        ("no volume named %s (%s)"):format(report.literal(mn), known))
    end
  end
end

-- st.claim_templates: the volumeClaimTemplates of a StatefulSet (by name),
-- which mounts may name too.
function M.pod_spec(st, spec, d)
  local volumes = volume_names(st, spec, d)
  local claims = st.claim_templates or {}
  local containers = {}
  for li = 1, #CONTAINER_LISTS do
    local list_name = CONTAINER_LISTS[li]
    local list = spec[list_name]
    if type(list) == "table" then
      for i = 1, #list do
        local c = list[i]
        if type(c) == "table" then
          local n = c.name
          if type(n) == "string" then
            local rule = names.dns1123_label(n)
            if rule then
              report.bad_value_below(st, d, { list_name, i, "name" }, n,
                "%s is not a valid container name (must be " .. rule .. ")")
            end
            local first = containers[n]
            if not first then
              containers[n] = { list_name, i }
            elseif first[1] ~= list_name then
              report.add_below(st, d, { list_name, i, "name" }, ("duplicate container name %s (also %s[%d])")
                :format(report.literal(n), first[1], first[2] - 1))
            end
          end
          container_ports(st, d, c, list_name, i)
          mounts(st, d, c, list_name, i, volumes, claims)
        end
      end
    end
  end
end

local known_env_name = names.known.env_var_name

local function walk_env_name(st, v, _, d)
  if type(v) ~= "string" then return walk.wrong_type(st, d, v, "string") end
  local rule = known_env_name[v]
  if rule == nil then rule = names.env_var_name(v) or false end
  if rule then
    report.add(st, d, ("%s is not a valid env var name (must be %s)"):format(report.literal(v), rule))
  end
end

-- Patches of definitions (fsgen.validate.walk PATCHES).
M.PATCHES = {
  ["io.k8s.api.core.v1.EnvVar"] = function(def)
    walk.replace_props(def, { name = walk.custom_node({ t = "string" }, walk_env_name) })
  end,
}

return M
