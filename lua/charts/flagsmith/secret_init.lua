-- A Secret generated once, inside the cluster: a Job (with its
-- ServiceAccount, Role and RoleBinding) creates it with random values when it
-- does not exist, and never touches it when it does.  No random value is
-- part of fsgen's output, so re-applying the output never changes the Secret.
--
-- Plain `kubectl apply`: the four objects are ordinary objects; pods that
-- read the Secret wait until the Job has made it.  Argo CD: the annotations
-- make them PreSync hooks, recreated before each sync, as Helm's
-- pre-install/pre-upgrade hooks were.
local base64 = require "base64"
local labels = require "labels"
local names = require "names"

local M = {}

M.IMAGE = "bitnamisecure/kubectl:latest"

local HOOK_ANNOTATIONS = {
  ["argocd.argoproj.io/hook"] = "PreSync",
  ["argocd.argoproj.io/hook-delete-policy"] = "BeforeHookCreation",
}

-- Creates the Secret only when missing; a concurrent creation counts as done.
local SCRIPT = [[
set -eu
if kubectl get secret "$SECRET_NAME" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "Secret $SECRET_NAME already exists; leaving it unchanged."
  exit 0
fi
set --
for key in $SECRET_KEYS; do
  set -- "$@" "--from-literal=$key=$(openssl rand -hex 32)"
done
if kubectl create secret generic "$SECRET_NAME" --namespace "$NAMESPACE" "$@"; then
  echo "Secret $SECRET_NAME created."
else
  kubectl get secret "$SECRET_NAME" --namespace "$NAMESPACE" >/dev/null
fi
]]

-- opts: secret (name of the Secret), keys (its keys), component (label),
-- job_suffix (the Job name's suffix after the fullname).
function M.objects(values, release, opts)
  local namespace = names.namespace(values, release)
  local secret = opts.secret
  local function meta(name, component)
    return labels.metadata(values, release, name, component, HOOK_ANNOTATIONS)
  end

  local service_account = {
    apiVersion = "v1", kind = "ServiceAccount", metadata = meta(secret),
  }
  local role = {
    apiVersion = "rbac.authorization.k8s.io/v1", kind = "Role", metadata = meta(secret),
    rules = {
      { apiGroups = { "" }, resources = { "secrets" }, resourceNames = { secret }, verbs = { "get" } },
      { apiGroups = { "" }, resources = { "secrets" }, verbs = { "create" } },
    },
  }
  local binding = {
    apiVersion = "rbac.authorization.k8s.io/v1", kind = "RoleBinding", metadata = meta(secret),
    roleRef = { apiGroup = "rbac.authorization.k8s.io", kind = "Role", name = secret },
    subjects = { { kind = "ServiceAccount", name = secret, namespace = namespace } },
  }

  local pod_spec = {
    restartPolicy = "OnFailure",
    serviceAccountName = secret,
    containers = {
      {
        name = "secret-creator",
        image = M.IMAGE,
        imagePullPolicy = "IfNotPresent",
        command = { "/bin/sh", "-c", SCRIPT },
        env = {
          { name = "SECRET_NAME", value = secret },
          { name = "SECRET_KEYS", value = table.concat(opts.keys, " ") },
          { name = "NAMESPACE", valueFrom = { fieldRef = { fieldPath = "metadata.namespace" } } },
        },
      },
    },
  }
  local template = {
    metadata = { labels = labels.common(values, release, opts.component) },
    spec = pod_spec,
  }
  local job = {
    apiVersion = "batch/v1", kind = "Job",
    metadata = meta(names.job(values, release, opts.job_suffix, template), opts.component),
    spec = { ttlSecondsAfterFinished = 60, template = template },
  }
  return fsgen.source { service_account, role, binding, job }
end

-- A Secret fsgen writes from known values (`data` is a map of strings).
function M.secret(values, release, name, component, data)
  return fsgen.source {
    apiVersion = "v1", kind = "Secret",
    metadata = labels.metadata(values, release, name, component),
    type = "Opaque",
    data = base64.encode_map(data),
  }
end

return M
