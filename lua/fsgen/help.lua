-- The help texts: each fits one screen and shows an example.
local M = {}

M.main = [[
usage: fsgen [OPTIONS] [OVERLAY...]   render; fsgen explain|values|meta --help: more
Render a chart through Lua overlays into Kubernetes YAML.

  -o, --output DIR       one file per object + kustomization.yaml in DIR (else stdout)
      --check            with -o: write nothing, show the diff, exit 1 if DIR is stale
      --each             with -o: render each overlay into DIR/<name>/ on its own
      --stream           with -o FILE: the stream in one file (--each: DIR/<name>.yaml)
      --tests            write the chart's tests instead (with -o: always, in DIR/tests/)
  -f, --values FILE      layer a Helm-style values file (repeatable)
      --set PATH=VALUE   Helm syntax: a.b=1, a[0].b=x, a={x,y}, a=null deletes
      --set-string PATH=VALUE   the same, VALUE always a string
  -n, --namespace NS     release namespace (default: default)
      --name NAME        release name (default: the chart's name)
      --chart NAME|PATH  render another chart (default: flagsmith)
      --depfile FILE     write a make rule: output: every file read
      --root DIR         files overlays may read (default: .)
      --crd FILE         a custom kind's CRD; --strict-kinds: a kind without schema fails
      --allow-unknown    accept values the chart does not define
      --max-instructions N, --max-memory MB   raise the sandbox limits
  -h, --help             this help; --version  the version; --trace  Lua tracebacks

Layers, later wins: chart defaults, overlays (extends first), -f files, --set.
example:
  fsgen -n flags --set api.replicacount=3 overlays/prod.lua -o out/prod
]]

M.explain = [[
usage: fsgen explain [OPTIONS] [OVERLAY...] PATH
Why is this value what it is?  Prints the final value and every layer that set
or changed it, most recent first, with file and line.  Secrets: <redacted>.

PATH is a values path or an object field:
  api.replicacount
  'Deployment/flagsmith-api:spec.template.spec.containers[flagsmith-api].env[DATABASE_URL]'
([name] picks the list element with that name, [0] the first one.)
Takes the render options (-f, --set, -n, --name, --chart, ...).

example:
  fsgen explain overlays/prod.lua api.replicacount
]]

M.values = [[
usage: fsgen values [OPTIONS] [OVERLAY...]
Prints the merged values as YAML (as `helm get values --all`): chart defaults,
overlays, -f files and --set, layered.  Secrets: <redacted>.

      --show-origin      after each value, a comment with the file:line that set it
Takes the render options (-f, --set, -n, --name, --chart, ...).

example:
  fsgen values --show-origin overlays/prod.lua -f values.yaml
]]

M.meta = [[
usage: fsgen meta [--chart NAME|PATH] > meta/<chart>.lua
Prints LuaLS annotations (---@meta) for the chart's values, made from its
defaults, so an editor completes and type-checks `values = { ... }` in
overlays.  Put the file where your .luarc.json's workspace.library points,
beside fsgen's own meta/fsgen.lua, and annotate overlays with
---@type fsgen.Overlay

example:
  fsgen meta --chart flagsmith > meta/flagsmith.lua
]]

return M
