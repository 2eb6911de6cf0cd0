"""A small Kustomize renderer for the features k8s/ uses, so the tests run with no binary.

kustomize itself cannot be installed here (no PyPI package ships it), so this renders exactly
the subset the manifests use and raises on anything else: a feature added to k8s/ without
support here fails loudly instead of being silently ignored. Supported:

- ``resources``: YAML files and directories holding a ``kustomization.yaml`` (rendered first);
- ``namespace``;
- ``images``: ``name`` with ``newName``, ``newTag`` and/or ``digest``;
- ``replicas``: ``name`` and ``count``;
- ``patches``: by ``path`` or inline ``patch``; a YAML list is a JSON 6902 patch (``add``,
  ``replace``, ``remove``) and needs ``target.kind`` and ``target.name``; a mapping is a
  strategic merge patch identified by its own kind and name;
- ``secretGenerator``: ``literals`` only, and only with ``disableNameSuffixHash: true`` (the
  name hash would need Kustomize's name-reference rewriting, which this does not do).
"""

from __future__ import annotations

import base64
import copy
from pathlib import Path
from typing import Any

import yaml

KUSTOMIZATION_FIELDS = {
    "apiVersion",
    "kind",
    "resources",
    "namespace",
    "images",
    "replicas",
    "patches",
    "secretGenerator",
}

# Strategic merge: list fields merged item by item, by this key (as in the Kubernetes API).
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
}
# List fields whose patch strategy is "replace" (no patchMergeKey in the Kubernetes API).
REPLACE_LISTS = {"args", "command", "egress", "ingress", "rules", "tls", "hosts", "metrics"}

CLUSTER_SCOPED_KINDS = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PriorityClass",
    "StorageClass",
    "IngressClass",
    "PersistentVolume",
}


class UnsupportedFeatureError(ValueError):
    """k8s/ uses something this renderer does not implement."""


def render(directory: Path) -> list[dict[str, Any]]:
    """Render the kustomization in ``directory`` into a list of objects."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(kustomization) - KUSTOMIZATION_FIELDS
    if unknown:
        raise UnsupportedFeatureError(f"{directory}: unsupported fields {sorted(unknown)}")

    objects: list[dict[str, Any]] = []
    for entry in kustomization.get("resources", []):
        path = directory / entry
        if path.is_dir():
            objects.extend(render(path))
        else:
            objects.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    objects.extend(_generate_secrets(kustomization.get("secretGenerator", [])))
    for patch in kustomization.get("patches", []):
        _apply_patch(objects, patch, directory)
    for image in kustomization.get("images", []):
        _set_image(objects, image)
    for replicas in kustomization.get("replicas", []):
        _set_replicas(objects, replicas)
    if "namespace" in kustomization:
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED_KINDS:
                obj["metadata"]["namespace"] = kustomization["namespace"]
    _check_unique(objects, directory)
    return objects


def _generate_secrets(generators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    secrets = []
    for generator in generators:
        unknown = set(generator) - {"name", "literals", "type", "options"}
        options = generator.get("options", {})
        if unknown or set(options) - {"disableNameSuffixHash", "labels"}:
            raise UnsupportedFeatureError(f"secretGenerator {generator['name']}: {generator}")
        if options.get("disableNameSuffixHash") is not True:
            raise UnsupportedFeatureError("secretGenerator needs disableNameSuffixHash: true")
        data = {}
        for literal in generator.get("literals", []):
            key, _, value = literal.partition("=")
            data[key] = base64.b64encode(value.encode()).decode()
        metadata: dict[str, Any] = {"name": generator["name"]}
        if "labels" in options:
            metadata["labels"] = dict(options["labels"])
        secrets.append(
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": metadata,
                "type": generator.get("type", "Opaque"),
                "data": data,
            }
        )
    return secrets


def _apply_patch(objects: list[dict[str, Any]], entry: dict[str, Any], directory: Path) -> None:
    if set(entry) - {"path", "patch", "target"}:
        raise UnsupportedFeatureError(f"patch entry {entry}")
    text = (directory / entry["path"]).read_text() if "path" in entry else entry["patch"]
    target = entry.get("target", {})
    if set(target) - {"kind", "name"}:
        raise UnsupportedFeatureError(f"patch target {target}: only kind and name")
    documents = [doc for doc in yaml.safe_load_all(text) if doc]
    if len(documents) != 1:
        raise UnsupportedFeatureError("one patch per entry: kustomize versions differ on more")
    if isinstance(documents[0], list):
        if not {"kind", "name"} <= set(target):
            raise UnsupportedFeatureError("a JSON 6902 patch needs target.kind and target.name")
        obj = _find(objects, target["kind"], target["name"])
        for operation in documents[0]:
            json6902_apply(obj, operation)
        return
    patch = documents[0]
    kind, name = patch["kind"], patch["metadata"]["name"]
    if target and (target.get("kind", kind), target.get("name", name)) != (kind, name):
        raise UnsupportedFeatureError("a strategic merge patch's target must be itself")
    obj = _find(objects, kind, name)
    if obj["apiVersion"] != patch["apiVersion"]:
        raise ValueError(f"patch for {kind}/{name} has apiVersion {patch['apiVersion']}")
    strategic_merge(obj, patch)


def _find(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    if len(found) != 1:
        raise ValueError(f"patch target {kind}/{name} matched {len(found)} objects")
    return found[0]


def strategic_merge(base: dict[str, Any], patch: dict[str, Any]) -> None:
    """Merge ``patch`` into ``base`` in place, as a strategic merge patch does."""
    for key, value in patch.items():
        if key.startswith("$"):
            raise UnsupportedFeatureError(f"patch directive {key}")
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            strategic_merge(base[key], value)
        elif isinstance(value, list) and key in MERGE_KEYS and key in base:
            merge_key = MERGE_KEYS[key]
            items = {item[merge_key]: item for item in base[key]}
            for item in value:
                if item[merge_key] in items:
                    strategic_merge(items[item[merge_key]], item)
                else:
                    base[key].append(copy.deepcopy(item))
        elif isinstance(value, list) and key not in MERGE_KEYS.keys() | REPLACE_LISTS:
            raise UnsupportedFeatureError(f"strategic merge of list field {key!r}")
        else:
            base[key] = copy.deepcopy(value)


def json6902_apply(obj: dict[str, Any], operation: dict[str, Any]) -> None:
    """Apply one JSON patch operation (RFC 6902: add, replace, remove) to ``obj`` in place."""
    op, path = operation["op"], operation["path"]
    if op not in {"add", "replace", "remove"}:
        raise UnsupportedFeatureError(f"JSON patch op {op}")
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in path.lstrip("/").split("/")]
    parent: Any = obj
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    if isinstance(parent, list):
        if op == "add":
            index = len(parent) if last == "-" else int(last)
            parent.insert(index, copy.deepcopy(operation["value"]))
            return
        index = int(last)
        if not 0 <= index < len(parent):
            raise IndexError(f"{path}: no such element")
    else:
        index = last
        if op != "add" and index not in parent:
            raise KeyError(f"{path}: no such member")
    if op == "remove":
        del parent[index]
    else:
        parent[index] = copy.deepcopy(operation["value"])


def _containers(node: Any):
    """Every container and init container anywhere in an object."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"containers", "initContainers"} and isinstance(value, list):
                yield from value
            else:
                yield from _containers(value)
    elif isinstance(node, list):
        for item in node:
            yield from _containers(item)


def split_image(image: str) -> tuple[str, str | None, str | None]:
    """Split ``name[:tag][@digest]``; a registry port (``host:5000/x``) is not a tag."""
    name, _, digest = image.partition("@")
    tag = None
    if ":" in name.rsplit("/", 1)[-1]:
        name, tag = name.rsplit(":", 1)
    return name, tag, digest or None


def _set_image(objects: list[dict[str, Any]], entry: dict[str, Any]) -> None:
    if set(entry) - {"name", "newName", "newTag", "digest"}:
        raise UnsupportedFeatureError(f"images entry {entry}")
    for obj in objects:
        for container in _containers(obj.get("spec", {})):
            name, tag, digest = split_image(container["image"])
            if name != entry["name"]:
                continue
            name = entry.get("newName", name)
            if "digest" in entry:
                container["image"] = f"{name}@{entry['digest']}"
            elif "newTag" in entry:
                container["image"] = f"{name}:{entry['newTag']}"
            else:
                container["image"] = (
                    name + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")
                )


def _set_replicas(objects: list[dict[str, Any]], entry: dict[str, Any]) -> None:
    matched = [
        o
        for o in objects
        if o["kind"] in {"Deployment", "StatefulSet", "ReplicaSet"}
        and o["metadata"]["name"] == entry["name"]
    ]
    if not matched:
        raise ValueError(f"replicas: no workload named {entry['name']}")
    for obj in matched:
        obj["spec"]["replicas"] = entry["count"]


def _check_unique(objects: list[dict[str, Any]], directory: Path) -> None:
    seen = set()
    for obj in objects:
        key = (
            obj["apiVersion"].split("/")[0] if "/" in obj["apiVersion"] else "",
            obj["kind"],
            obj["metadata"].get("namespace"),
            obj["metadata"]["name"],
        )
        if key in seen:
            raise ValueError(f"{directory}: {key} defined twice")
        seen.add(key)
