-- The Django secret key: given, from an existing Secret, or generated once
-- in the cluster, with no random value in fsgen's output.
local h = require "flagsmith.helper"

local function key_ref(objects)
  for _, d in ipairs(h.all(objects, "Deployment")) do
    local env = h.env(h.container(d))
    if env.DJANGO_SECRET_KEY then return env.DJANGO_SECRET_KEY.valueFrom.secretKeyRef, d end
  end
end

describe("flagsmith Django secret key", function()
  it("writes api.secretKey into the chart's Secret and rolls pods on change", function()
    local objects = h.render { values = { api = { secretKey = "s3cr3t" } } }
    local ref, api = key_ref(objects)
    assert.same({ name = "flagsmith-django-secret-key", key = "django-secret-key" }, ref)
    local secret = h.find(objects, "Secret", "flagsmith-django-secret-key")
    assert.same({ ["django-secret-key"] = "s3cr3t" }, h.secret_data(secret))
    assert.same({}, h.all(objects, "Job"))
    assert.same({}, h.all(objects, "Role"))
    local sum = api.spec.template.metadata.annotations["checksum/secret-django-secret-key"]
    local _, api2 = key_ref(h.render { values = { api = { secretKey = "other" } } })
    assert.not_equal(sum, api2.spec.template.metadata.annotations["checksum/secret-django-secret-key"])
  end)

  it("references an existing Secret only", function()
    local objects = h.render { values = { api = { secretKeyFromExistingSecret = {
      enabled = true, name = "django", key = "key" } } } }
    assert.same({ name = "django", key = "key" }, key_ref(objects))
    assert.same({}, h.all(objects, "Job"))
    assert.is_nil(h.find(objects, "Secret", "flagsmith-django-secret-key"))
    -- The key defaults to the chart's.
    objects = h.render { values = { api = { secretKeyFromExistingSecret = { enabled = true, name = "django" } } } }
    assert.same({ name = "django", key = "django-secret-key" }, key_ref(objects))
    local ok, err = pcall(h.render, { values = { api = { secretKeyFromExistingSecret = { enabled = true } } } })
    assert.is_false(ok)
    assert.matches("api.secretKeyFromExistingSecret.name: required", tostring(err), 1, true)
    ok, err = pcall(h.render, { values = { api = { secretKey = "x",
      secretKeyFromExistingSecret = { enabled = true, name = "django" } } } })
    assert.is_false(ok)
    assert.matches("api.secretKey: set together with", tostring(err), 1, true)
  end)

  for _, release in ipairs(h.RELEASES) do
    it("generates the key once in the cluster for release " .. release.name:sub(1, 12), function()
      local objects = h.render { release = release }
      local ref = key_ref(objects)
      local secret_name = ref.name
      assert.is_nil(h.find(objects, "Secret", secret_name), "the generated Secret is not in the output")
      local sa = h.find(objects, "ServiceAccount", secret_name)
      local role = h.find(objects, "Role", secret_name)
      local binding = h.find(objects, "RoleBinding", secret_name)
      assert.is_not_nil(sa)
      assert.same({ "get" }, role.rules[1].verbs)
      assert.same({ secret_name }, role.rules[1].resourceNames)
      assert.same({ "create" }, role.rules[2].verbs)
      assert.same({ kind = "Role", name = secret_name, apiGroup = "rbac.authorization.k8s.io" }, binding.roleRef)
      assert.same({ { kind = "ServiceAccount", name = secret_name, namespace = release.namespace } }, binding.subjects)
      local job = h.all(objects, "Job")[1]
      assert.is_true(#job.metadata.name <= 63)
      local pod = job.spec.template.spec
      assert.equal(secret_name, pod.serviceAccountName)
      assert.equal("OnFailure", pod.restartPolicy)
      local env = h.env(pod.containers[1])
      assert.equal(secret_name, env.SECRET_NAME.value)
      assert.equal("django-secret-key", env.SECRET_KEYS.value)
      assert.same({ fieldRef = { fieldPath = "metadata.namespace" } }, env.NAMESPACE.valueFrom)
      local script = pod.containers[1].command[3]
      -- Creates, never replaces: `kubectl create`, after a check for an existing Secret.
      assert.matches("kubectl get secret", script, 1, true)
      assert.matches("kubectl create secret generic", script, 1, true)
      assert.is_nil(script:find("kubectl apply", 1, true))
      for _, o in ipairs { sa, role, binding, job } do
        assert.equal("PreSync", o.metadata.annotations["argocd.argoproj.io/hook"])
        assert.equal("BeforeHookCreation", o.metadata.annotations["argocd.argoproj.io/hook-delete-policy"])
      end
      assert.equal("django-secret-init", job.metadata.labels["app.kubernetes.io/component"])
    end)
  end

  it("puts no random value in the output: the same inputs give the same Job", function()
    local a, b = h.render {}, h.render {}
    assert.equal(h.to_json(a), h.to_json(b))
    local job_a = h.all(a, "Job")[1]
    local changed = h.all(h.render { release = { name = "other" } }, "Job")[1]
    assert.not_equal(job_a.metadata.name, changed.metadata.name)
  end)

  describe("the Job's script", function()
    -- Runs the script with stand-ins for kubectl and openssl that log calls.
    local function run(secret_exists)
      local script = h.all(h.render {}, "Job")[1].spec.template.spec.containers[1].command[3]
      local dir = os.tmpname()
      os.remove(dir)
      assert(os.execute("mkdir -p '" .. dir .. "'"))
      local function write(name, text)
        local f = assert(io.open(dir .. "/" .. name, "w"))
        f:write(text)
        f:close()
        assert(os.execute("chmod +x '" .. dir .. "/" .. name .. "'"))
      end
      write("kubectl", ("#!/bin/sh\necho \"kubectl $*\" >> '%s/log'\n"
        .. "if [ \"$1\" = get ]; then exit %d; fi\nexit 0\n"):format(dir, secret_exists and 0 or 1))
      write("openssl", "#!/bin/sh\necho 0123abcd\n")
      write("job.sh", script)
      local cmd = ("cd '%s' && PATH='%s':$PATH SECRET_NAME=s SECRET_KEYS='k1 k2' NAMESPACE=ns sh ./job.sh >/dev/null 2>&1")
        :format(dir, dir)
      local ok = os.execute(cmd)
      local f = io.open(dir .. "/log")
      local log = f and f:read("a") or ""
      if f then f:close() end
      os.execute("rm -rf '" .. dir .. "'")
      return ok, log
    end

    it("creates a missing Secret with a generated value per key", function()
      local ok, log = run(false)
      assert.is_true(ok)
      assert.matches("kubectl create secret generic s --namespace ns --from-literal=k1=0123abcd "
        .. "--from-literal=k2=0123abcd", log, 1, true)
    end)

    it("leaves an existing Secret alone", function()
      local ok, log = run(true)
      assert.is_true(ok)
      assert.is_nil(log:find("create", 1, true))
    end)
  end)
end)
