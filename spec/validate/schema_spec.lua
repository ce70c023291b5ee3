-- The generated schema data: what the index knows, and that it is what
-- tools/gen-schema makes from ../shared/k8s-schema today.
local cli = require "support.cli"
local schema = require "fsgen.schema"

describe("fsgen.schema", function()
  local lookup = schema.new()

  it("finds built-in kinds, Gateway API and Prometheus Operator CRDs, and OpenShift Route", function()
    for _, k in ipairs({
      { "apps/v1", "Deployment" }, { "v1", "Service" }, { "batch/v1", "CronJob" },
      { "networking.k8s.io/v1", "Ingress" }, { "autoscaling/v2", "HorizontalPodAutoscaler" },
      { "policy/v1", "PodDisruptionBudget" }, { "gateway.networking.k8s.io/v1", "HTTPRoute" },
      { "gateway.networking.k8s.io/v1beta1", "HTTPRoute" }, { "monitoring.coreos.com/v1", "ServiceMonitor" },
      { "monitoring.coreos.com/v1", "PodMonitor" }, { "route.openshift.io/v1", "Route" },
    }) do
      local status, node = lookup:find(k[1], k[2])
      assert.are.equal("ok", status, k[1] .. " " .. k[2])
      assert.are.equal("object", node.t)
    end
  end)

  it("tells unserved versions, unknown kinds, removed groups and unchecked kinds apart", function()
    assert.are.equal("unknown-version", (lookup:find("networking.k8s.io/v2", "Ingress")))
    assert.are.equal("unknown-kind", (lookup:find("apps/v1", "Deploymnet")))
    assert.are.equal("removed", (lookup:find("extensions/v1beta1", "Ingress")))
    assert.are.equal("unchecked", (lookup:find("cert-manager.io/v1", "Certificate")))
    assert.are.same({ "networking.k8s.io/v1" }, lookup:versions_of("Ingress"))
  end)

  it("knows which kinds are cluster-scoped", function()
    assert.is_true(select(3, lookup:find("v1", "Namespace")))
    assert.is_true(select(3, lookup:find("rbac.authorization.k8s.io/v1", "ClusterRole")))
    assert.is_false(select(3, lookup:find("rbac.authorization.k8s.io/v1", "Role")))
    assert.is_false(select(3, lookup:find("v1", "ConfigMap")))
  end)

  it("carries enums, formats, list keys and key defaults", function()
    local container = schema.def("io.k8s.api.core.v1.Container")
    assert.are.same({ "Always", "Never", "IfNotPresent" }, container.props.imagePullPolicy.enum)
    assert.are.same({ "containerPort", "protocol" }, container.props.ports.lk)
    assert.are.equal("TCP", container.props.ports.kd.protocol)
    assert.are.equal("quantity", schema.def("io.k8s.apimachinery.pkg.api.resource.Quantity").t)
    assert.are.equal("int-or-string", schema.def("io.k8s.apimachinery.pkg.util.intstr.IntOrString").t)
    assert.are.equal("byte", schema.def("io.k8s.api.core.v1.Secret").props.data.add.fmt)
  end)

  local shared = cli.src("../shared/k8s-schema")
  local have_shared = io.open(shared .. "/README.md", "r")
  if have_shared then have_shared:close() end
  local build = os.getenv("FSGEN_BUILD_DIR")

  local it_if = (have_shared and build) and it or pending
  it_if("is what tools/gen-schema makes from ../shared/k8s-schema", function()
    local tmp = cli.tmpdir()
    local cmd = ("%s --schema-dir %s --build %s --out %s >/dev/null 2>&1"):format(
      cli.quote(cli.src("tools/gen-schema")), cli.quote(shared), cli.quote(build), cli.quote(tmp))
    assert.is_true(os.execute(cmd))
    local p = io.popen(("diff -r %s %s"):format(cli.quote(cli.src("lua/fsgen/schema/data")), cli.quote(tmp)))
    local diff = p:read("a")
    p:close()
    cli.rmtree(tmp)
    assert.are.equal("", diff, "run tools/gen-schema and commit lua/fsgen/schema/data")
  end)
end)
