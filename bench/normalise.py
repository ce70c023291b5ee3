"""Objects compared as data: YAML streams parsed, comments and key order and
quoting gone, documents keyed by kind, namespace and name."""
import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_stream(text):
    return [doc for doc in yaml.load_all(text, Loader=Loader) if doc is not None]


def key(obj):
    meta = obj.get("metadata") or {}
    return (obj.get("kind"), meta.get("namespace"), meta.get("name"))


def difference(expected, actual):
    """None when both lists hold the same objects, else a short description."""
    want = {key(o): o for o in expected}
    got = {key(o): o for o in actual}
    if len(want) != len(expected) or len(got) != len(actual):
        return "two objects share a kind, namespace and name"
    missing = sorted(map(str, set(want) - set(got)))
    extra = sorted(map(str, set(got) - set(want)))
    if missing or extra:
        return f"missing {missing}, unexpected {extra}"
    changed = [k for k in want if want[k] != got[k]]
    if changed:
        return "different: " + ", ".join("/".join(map(str, k)) for k in sorted(changed, key=str))
    return None
