-- Service rules the API server adds to the schema (selector labels are
-- checked as they are walked, see fsgen.validate.meta): port
-- names (required when there are several, unique, DNS-1123 labels), port
-- ranges, named target ports, externalName, and at least one port.
local core = require "fsgen.core"
local names = require "fsgen.validate.names"
local report = require "fsgen.validate.report"

local M = {}

local function is_int(v) return math.type(v) == "integer" end

local function port_range(st, d, i, field, v, low)
  if is_int(v) and (v < low or v > 65535) then
    report.bad_value_below(st, d, { "ports", i, field }, v,
      ("%%s is not a valid port number (%d to 65535)"):format(low))
  end
end

-- Hook for io.k8s.api.core.v1.ServiceSpec.
function M.service_spec(st, spec, d)
  local ports = spec.ports
  if type(ports) ~= "table" then return end
  local seen = {}
  for i, port in ipairs(ports) do
    if type(port) == "table" then
      local n = port.name
      if (n == nil or n == "") and #ports > 1 then
        report.add_below(st, d, { "ports", i, "name" },
          "missing: every port needs a name when a Service has more than one")
      elseif type(n) == "string" and n ~= "" then
        local rule = names.dns1123_label(n)
        if rule then
          report.bad_value_below(st, d, { "ports", i, "name" }, n,
            "%s is not a valid port name (must be " .. rule .. ")")
        end
        if seen[n] then
          report.add_below(st, d, { "ports", i, "name" },
            ("duplicate port name %s (also ports[%d])"):format(report.literal(n), seen[n] - 1))
        else
          seen[n] = i
        end
      end
      port_range(st, d, i, "port", port.port, 1)
      port_range(st, d, i, "nodePort", port.nodePort, 0)
      local target = port.targetPort
      if is_int(target) then
        port_range(st, d, i, "targetPort", target, 1)
      elseif type(target) == "string" then
        local rule = names.iana_svc_name(target)
        if rule then
          report.bad_value_below(st, d, { "ports", i, "targetPort" }, target,
            "%s is not a valid port number or port name (a name must be " .. rule .. ")")
        end
      end
    end
  end
end

-- Rules on the Service as a whole.
function M.check(st, obj)
  local spec = obj.spec
  if type(spec) ~= "table" then return end
  if spec.type == "ExternalName" then
    if type(spec.externalName) ~= "string" or spec.externalName == "" then
      report.add_at(st, { "spec", "externalName" }, "missing: required when type is ExternalName")
    end
  elseif spec.clusterIP ~= "None" then
    local ports = spec.ports
    if ports == nil or ports == core.null or (type(ports) == "table" and next(ports) == nil) then
      report.add_at(st, { "spec", "ports" },
        "missing: a Service needs at least one port (unless clusterIP is None or type is ExternalName)")
    end
  end
end

return M
