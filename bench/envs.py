"""Generated environments: N variants of the production deployment that differ
in release name, namespace, host and autoscaling bounds, written once for
each tool (an fsgen overlay, a kustomize overlay, a cdk8s props file) so that
all three render the same objects, plus the Makefiles that build them."""
import json
import os

API_PATHS = ["/api/", "/health/", "/admin/", "/static/admin/"]


def environment(i):
    team = f"team{i:04d}"
    return {
        "name": f"env{i:04d}",
        "release": team,
        "namespace": team,
        "host": f"{team}.flagsmith.example.com",
        "api": {"minReplicas": 2 + i % 3, "maxReplicas": 10 + i % 5},
        "frontend": {"minReplicas": 2, "maxReplicas": 4 + i % 3},
    }


def fsgen_overlay(env):
    paths = ", ".join(f'"{p}"' for p in API_PATHS)
    return f"""-- A generated environment (bench/envs.py): production, another team.
local host = "{env["host"]}"
local tls = {{ {{ hosts = {{ host }}, secretName = "flagsmith-tls" }} }}
return {{
  extends = {{ "prod" }},
  release = {{ name = "{env["release"]}", namespace = "{env["namespace"]}" }},
  values = {{
    ingress = {{
      frontend = {{ hosts = {{ host }}, tls = tls }},
      api = {{ hosts = {{ {{ host = host, paths = {{ {paths} }} }} }}, tls = tls }},
    }},
    frontend = {{ extraEnv = {{ FLAGSMITH_API_URL = "https://" .. host .. "/api/v1/" }} }},
    hpa = {{
      api = {{ minReplicas = {env["api"]["minReplicas"]}, maxReplicas = {env["api"]["maxReplicas"]} }},
      frontend = {{ minReplicas = {env["frontend"]["minReplicas"]}, maxReplicas = {env["frontend"]["maxReplicas"]} }},
    }},
  }},
}}
"""


def kustomize_overlay(env, prod_dir):
    host = env["host"]
    patches = []

    def json_patch(kind, name, ops):
        body = "\n".join("    - " + json.dumps(op) for op in ops)
        patches.append(f"- target: {{kind: {kind}, name: {name}}}\n  patch: |-\n{body}")

    for name in ("flagsmith-api", "flagsmith-frontend"):
        json_patch("Ingress", name, [
            {"op": "replace", "path": "/spec/rules/0/host", "value": host},
            {"op": "replace", "path": "/spec/tls/0/hosts/0", "value": host},
        ])
    json_patch("Deployment", "flagsmith", [
        {"op": "test", "path": "/spec/template/spec/containers/0/env/1/name", "value": "FLAGSMITH_API_URL"},
        {"op": "replace", "path": "/spec/template/spec/containers/0/env/1/value",
         "value": f"https://{host}/api/v1/"},
    ])
    for component in ("api", "frontend"):
        bounds = env[component]
        json_patch("HorizontalPodAutoscaler", f"flagsmith-{component}-hpa", [
            {"op": "replace", "path": "/spec/minReplicas", "value": bounds["minReplicas"]},
            {"op": "replace", "path": "/spec/maxReplicas", "value": bounds["maxReplicas"]},
        ])
    return f"""# A generated environment (bench/envs.py): production, another team.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: {env["namespace"]}
namePrefix: {env["release"]}-
labels:
- pairs:
    app.kubernetes.io/instance: {env["release"]}
  includeSelectors: true
resources:
- {prod_dir}
patches:
""" + "\n".join(patches) + "\n"


class Environments:
    """The inputs of n environments under work/envs, for each tool."""

    def __init__(self, work, count, prod_kustomization):
        self.work = work
        self.count = count
        self.envs = [environment(i) for i in range(1, count + 1)]
        self.fsgen_dir = os.path.join(work, "envs", "fsgen")
        self.kustomize_dir = os.path.join(work, "envs", "kustomize")
        self.cdk8s_dir = os.path.join(work, "envs", "cdk8s")
        for d in (self.fsgen_dir, self.kustomize_dir, self.cdk8s_dir):
            os.makedirs(d, exist_ok=True)
        for env in self.envs:
            name = env["name"]
            write(os.path.join(self.fsgen_dir, name + ".lua"), fsgen_overlay(env))
            kdir = os.path.join(self.kustomize_dir, name)
            os.makedirs(kdir, exist_ok=True)
            write(os.path.join(kdir, "kustomization.yaml"),
                  kustomize_overlay(env, os.path.relpath(prod_kustomization, kdir)))
            write(os.path.join(self.cdk8s_dir, name + ".json"), json.dumps([env]))

    def names(self, n):
        return [env["name"] for env in self.envs[:n]]

    def fsgen_overlays(self, n):
        return [os.path.join(self.fsgen_dir, name + ".lua") for name in self.names(n)]

    def cdk8s_list(self, n):
        """One props file listing the first n environments."""
        path = os.path.join(self.cdk8s_dir, f"first-{n}.json")
        write(path, json.dumps(self.envs[:n]))
        return path

    def makefile(self, n, tool, commands):
        """A Makefile with one target per environment: out/<name>, built by
        commands[tool] (a format string with {name})."""
        return makefile(os.path.join(self.work, "make", f"{tool}-{n}.mk"), self.names(n), commands)


def makefile(path, names, command):
    """Writes a Makefile at path with one phony target per name, built by
    command (a format string with {name}); returns path."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = [".PHONY: all " + " ".join(names), "all: " + " ".join(names)]
    for name in names:
        lines.append(f"{name}:\n\t{command.format(name=name)}")
    write(path, "\n".join(lines) + "\n")
    return path


def write(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w") as f:
        f.write(text)
