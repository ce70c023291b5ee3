-- Rules about a whole object of a given kind that the schema cannot say:
-- workload selectors must select the pod template, replicas are not
-- negative, restart policies per kind, Pods name images, Ingress hosts, HPA
-- replica bounds, ConfigMap and Secret keys.  Service rules are in
-- fsgen.validate.service.
local core = require "fsgen.core"
local names = require "fsgen.validate.names"
local report = require "fsgen.validate.report"
local service = require "fsgen.validate.service"

local M = {}

local NULL = core.null

local function tbl(v) return type(v) == "table" and v or nil end

local function is_empty(v)
  return v == nil or v == NULL or (type(v) == "table" and next(v) == nil)
end

local function values_text(values)
  local parts = {}
  for i, v in ipairs(tbl(values) or {}) do parts[i] = tostring(v) end
  return "(" .. table.concat(parts, ", ") .. ")"
end

local function contains(values, v)
  for _, x in ipairs(tbl(values) or {}) do
    if x == v then return true end
  end
  return false
end

-- nil when the selector selects labels, else what fails, in words.
local function selector_mismatch(sel, labels)
  local keys = {}
  for k in pairs(tbl(sel.matchLabels) or {}) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local want, have = sel.matchLabels[k], labels[k]
    if have == nil then return ("no label %s=%s"):format(k, tostring(want)) end
    if have ~= want then return ("label %s is %s, the selector wants %s"):format(k, tostring(have), tostring(want)) end
  end
  for _, ex in ipairs(tbl(sel.matchExpressions) or {}) do
    if type(ex) == "table" then
      local k, op, have = ex.key, ex.operator, labels[ex.key]
      if (op == "In" and not contains(ex.values, have))
          or (op == "NotIn" and have ~= nil and contains(ex.values, have))
          or (op == "Exists" and have == nil)
          or (op == "DoesNotExist" and have ~= nil) then
        return ("the selector requires %s %s%s"):format(tostring(k), tostring(op),
          (op == "In" or op == "NotIn") and (" " .. values_text(ex.values)) or "")
      end
    end
  end
  return nil
end

local function check_selector(st, spec)
  local sel = spec.selector
  if type(sel) ~= "table" then return end
  if is_empty(sel.matchLabels) and is_empty(sel.matchExpressions) then
    report.add_at(st, { "spec", "selector" },
      ("must not be empty (a %s finds its pods by these labels)"):format(st.kind))
    return
  end
  local template = tbl(spec.template)
  local labels = template and tbl(template.metadata) and tbl(template.metadata.labels) or {}
  local why = selector_mismatch(sel, labels)
  if why then
    report.add_at(st, { "spec", "template", "metadata", "labels" },
      ("do not match spec.selector (%s)"):format(why))
  end
end

local function pod_spec_of(template)
  template = tbl(template)
  return template and tbl(template.spec)
end

local function workload(st, obj)
  local spec = tbl(obj.spec)
  if not spec then return end
  check_selector(st, spec)
  local replicas = spec.replicas
  if math.type(replicas) == "integer" and replicas < 0 then
    st.path[1], st.path[2] = "spec", "replicas"
    report.bad_value(st, 2, replicas, "%s is negative (must be 0 or more)")
  end
  local pod = pod_spec_of(spec.template)
  local rp = pod and pod.restartPolicy
  if rp ~= nil and rp ~= NULL and rp ~= "Always" then
    st.path[1], st.path[2], st.path[3], st.path[4] = "spec", "template", "spec", "restartPolicy"
    report.bad_value(st, 4, rp, ("%%s is not allowed for a %s (its pods must use Always)"):format(st.kind))
  end
end

local function job_pods(st, job_spec, prefix, what)
  local pod = pod_spec_of(tbl(job_spec) and job_spec.template)
  if not pod then return end
  local rp = pod.restartPolicy
  local segs = { table.unpack(prefix) }
  segs[#segs + 1] = "restartPolicy"
  if rp == nil or rp == NULL then
    report.add_at(st, segs, ("missing: a %s's pods must set OnFailure or Never (the default, Always, is rejected)")
      :format(what))
  elseif rp ~= "OnFailure" and rp ~= "Never" then
    for i, seg in ipairs(segs) do st.path[i] = seg end
    report.bad_value(st, #segs, rp, ("%%s is not allowed for a %s (must be OnFailure or Never)"):format(what))
  end
end

local function job(st, obj)
  local spec = tbl(obj.spec)
  if not spec then return end
  if spec.manualSelector == true then check_selector(st, spec) end
  job_pods(st, spec, { "spec", "template", "spec" }, "Job")
end

local function cron_job(st, obj)
  local spec = tbl(obj.spec)
  local jt = spec and tbl(spec.jobTemplate)
  if not jt then return end
  job_pods(st, jt.spec, { "spec", "jobTemplate", "spec", "template", "spec" }, "CronJob")
end

local function pod(st, obj)
  local spec = tbl(obj.spec)
  if not spec then return end
  for _, list_name in ipairs({ "initContainers", "containers" }) do
    for i, c in ipairs(tbl(spec[list_name]) or {}) do
      if type(c) == "table" and (c.image == nil or c.image == NULL or c.image == "") then
        report.add_at(st, { "spec", list_name, i, "image" },
          "missing required field (a Pod's containers must name an image)")
      end
    end
  end
end

local function ingress(st, obj)
  local spec = tbl(obj.spec)
  for i, rule in ipairs(spec and tbl(spec.rules) or {}) do
    local host = type(rule) == "table" and rule.host
    if type(host) == "string" then
      local name = host:match("^%*%.(.*)$") or host
      if names.dns1123_subdomain(name) or host:match("^[%d.]+$") then
        st.path[1], st.path[2], st.path[3], st.path[4] = "spec", "rules", i, "host"
        report.bad_value(st, 4, host,
          "%s is not a valid host (must be a lower case DNS name, optionally starting with '*.', not an IP address)")
      end
    end
  end
end

local function autoscaler(st, obj)
  local spec = tbl(obj.spec)
  if not spec then return end
  local min, max = spec.minReplicas, spec.maxReplicas
  if math.type(min) == "integer" and min < 1 then
    st.path[1], st.path[2] = "spec", "minReplicas"
    report.bad_value(st, 2, min, "%s is less than 1")
  end
  if math.type(min) == "integer" and math.type(max) == "integer" and max < min then
    st.path[1], st.path[2] = "spec", "maxReplicas"
    report.bad_value(st, 2, max, ("%%s is less than minReplicas (%d)"):format(min))
  end
end

local function data_keys(st, obj)
  local first = {}
  for _, field in ipairs({ "data", "binaryData", "stringData" }) do
    local keys = {}
    for k in pairs(tbl(obj[field]) or {}) do
      if type(k) == "string" then keys[#keys + 1] = k end
    end
    table.sort(keys)
    for _, k in ipairs(keys) do
      local rule = names.config_key(k)
      if rule then
        report.add_at(st, { field, k }, ("%s is not a valid key (must be %s)"):format(report.literal(k), rule))
      end
      if st.kind == "ConfigMap" and first[k] and first[k] ~= field then
        report.add_at(st, { field, k }, ("key %s is also in %s"):format(report.literal(k), first[k]))
      end
      first[k] = first[k] or field
    end
  end
end

local CHECKS = {
  ["apps/Deployment"] = workload, ["apps/StatefulSet"] = workload,
  ["apps/DaemonSet"] = workload, ["apps/ReplicaSet"] = workload,
  ["batch/Job"] = job, ["batch/CronJob"] = cron_job,
  ["/Pod"] = pod, ["/Service"] = service.check,
  ["networking.k8s.io/Ingress"] = ingress,
  ["autoscaling/HorizontalPodAutoscaler"] = autoscaler,
  ["/ConfigMap"] = data_keys, ["/Secret"] = data_keys,
}

function M.check(st, obj)
  local check = CHECKS[st.group .. "/" .. st.kind]
  if check then check(st, obj) end
end

return M
