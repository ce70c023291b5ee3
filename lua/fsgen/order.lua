-- The order objects are written in: Helm's InstallOrder, so that what a kind
-- depends on (namespaces, service accounts, config, CRDs) is applied first.
local M = {}

M.INSTALL_ORDER = {
  "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
  "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
  "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
  "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
  "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
  "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
  "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
  "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
}

local RANK = {}
for i, kind in ipairs(M.INSTALL_ORDER) do RANK[kind] = i end

-- 1-based position in the install order; every unknown kind shares the rank
-- after the last known one (and sorts among the others by kind name).
function M.kind_rank(kind)
  return RANK[kind] or (#M.INSTALL_ORDER + 1)
end

local function text(v)
  return type(v) == "string" and v or ""
end

-- Sorts objects in place: install order, then (unknown kinds) kind name,
-- then namespace, then name, all bytewise; ties keep their original order.
function M.sort(objects)
  local keyed = {}
  for i, obj in ipairs(objects) do
    local meta = type(obj.metadata) == "table" and obj.metadata or {}
    local kind = text(obj.kind)
    keyed[i] = {
      obj = obj, index = i, rank = M.kind_rank(kind), kind = kind,
      namespace = text(meta.namespace), name = text(meta.name),
    }
  end
  table.sort(keyed, function(a, b)
    if a.rank ~= b.rank then return a.rank < b.rank end
    if a.kind ~= b.kind then return a.kind < b.kind end
    if a.namespace ~= b.namespace then return a.namespace < b.namespace end
    if a.name ~= b.name then return a.name < b.name end
    return a.index < b.index
  end)
  for i, k in ipairs(keyed) do objects[i] = k.obj end
  return objects
end

return M
