"""Render every Kustomize overlay offline, validate it against the Kubernetes schemas, and check
the operational invariants of docs/operations.md. Needs no cluster, network, Docker or Django."""

from __future__ import annotations

import base64
import functools
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from .kustomize_lite import render, split_image

K8S = Path(__file__).resolve().parents[2] / "k8s"
OVERLAYS = ["dev", "prod"]
TARGETS = ["base", *(f"overlays/{name}" for name in OVERLAYS)]
# The oldest Kubernetes minor we support and the newest the schemas know.
KUBERNETES_VERSIONS = ["1.30", kubernetes_validate.utils.latest_version()]
APP_IMAGE = "ghcr.io/jifen/jifen"
APP_ROLES = {"web", "worker", "beat", "migrate"}
# `kubectl apply -l` selector of the first rollout phase (docs/operations.md).
ROLLOUT_COMPONENTS = {"web", "worker", "beat"}
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "Job"}
SECRET_ENV_NAMES = {
    "DATABASE_URL",
    "DATABASE_OWNER_URL",
    "JIFEN_LEDGER_CHECKPOINT_KEYS",
    "REDIS_URL",
    "JIFEN_SECRET_KEY",
    "SENTRY_DSN",
    "JIFEN_EMAIL_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
}


@functools.cache
def _rendered(target: str) -> tuple[dict[str, Any], ...]:
    return tuple(render(K8S / target))


@pytest.fixture(params=TARGETS)
def objects(request) -> tuple[dict[str, Any], ...]:
    return _rendered(request.param)


@pytest.fixture(params=OVERLAYS)
def overlay(request) -> tuple[dict[str, Any], ...]:
    return _rendered(f"overlays/{request.param}")


def _of_kind(objects, kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


def _get(objects, kind: str, name: str) -> dict[str, Any]:
    (found,) = [o for o in _of_kind(objects, kind) if o["metadata"]["name"] == name]
    return found


def _pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def _workloads(objects) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] in WORKLOAD_KINDS]


def _containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = _pod_spec(workload)
    return spec.get("initContainers", []) + spec["containers"]


def _app_workloads(objects) -> dict[str, dict[str, Any]]:
    """App role -> its workload (Deployment or Job), by the component label."""
    return {
        w["metadata"]["labels"]["app.kubernetes.io/component"]: w
        for w in _workloads(objects)
        if w["metadata"]["labels"]["app.kubernetes.io/name"] == "jifen"
    }


def _matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    if set(selector) - {"matchLabels"}:
        raise ValueError(f"this check understands matchLabels only, not {selector}")
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def _pod_labels(objects) -> list[dict[str, str]]:
    return [w["spec"]["template"]["metadata"]["labels"] for w in _workloads(objects)]


def test_every_object_is_valid_for_the_kubernetes_schemas(objects):
    errors = []
    for obj in objects:
        for version in KUBERNETES_VERSIONS:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except (
                kubernetes_validate.ValidationError,
                kubernetes_validate.SchemaNotFoundError,
            ) as e:
                errors.append(f"{obj['kind']}/{obj['metadata']['name']} on {version}: {e.message}")
    assert errors == []


def test_validation_rejects_a_broken_object():
    """Guards the test above: strict validation must catch unknown fields and wrong types."""
    web = _get(_rendered("base"), "Deployment", "jifen-web")
    broken = {**web, "spec": {**web["spec"], "replica": "2"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[0], strict=True)


def test_every_object_is_labelled_for_the_phased_rollout(objects):
    for obj in objects:
        labels = obj["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/part-of") == "jifen", obj["metadata"]["name"]
        assert "app.kubernetes.io/component" in labels, obj["metadata"]["name"]


def test_migrate_phase_holds_the_job_and_what_it_needs_but_no_rollout(overlay):
    # given the objects that `-l 'app.kubernetes.io/component notin (web,worker,beat)'` selects
    phase = [
        o
        for o in overlay
        if o["metadata"]["labels"]["app.kubernetes.io/component"] not in ROLLOUT_COMPONENTS
    ]
    names = {(o["kind"], o["metadata"]["name"]) for o in phase}
    # then the Job is there with its service account, config and network access
    job = _get(phase, "Job", "jifen-migrate")
    assert ("ServiceAccount", _pod_spec(job)["serviceAccountName"]) in names
    assert ("ConfigMap", "jifen-config") in names
    assert ("NetworkPolicy", "jifen-app-to-datastores") in names
    assert ("NetworkPolicy", "jifen-allow-dns") in names
    # and no app Deployment starts before migrations have finished
    assert not [
        o for o in _of_kind(phase, "Deployment") if o["metadata"]["name"].startswith("jifen")
    ]


def test_web_has_readiness_and_liveness_probes(objects):
    web = _get(objects, "Deployment", "jifen-web")
    (container,) = _pod_spec(web)["containers"]
    assert container["command"] == ["jifen", "web"]
    assert container["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}


def test_roles_run_the_jifen_command(objects):
    roles = _app_workloads(objects)
    assert set(roles) == APP_ROLES
    for role, workload in roles.items():
        (container,) = _pod_spec(workload)["containers"]
        assert container["command"] == ["jifen", role]


def test_beat_is_a_single_replica_recreated(objects):
    beat = _get(objects, "Deployment", "jifen-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    scaled = {
        h["spec"]["scaleTargetRef"]["name"] for h in _of_kind(objects, "HorizontalPodAutoscaler")
    }
    assert "jifen-beat" not in scaled


def test_every_image_is_pinned_and_the_app_image_is_one_release(objects):
    app_images = set()
    for workload in _workloads(objects):
        for container in _containers(workload):
            name, tag, digest = split_image(container["image"])
            assert digest or (tag and tag != "latest"), container["image"]
            if name == APP_IMAGE:
                app_images.add(container["image"])
    assert app_images == {f"{APP_IMAGE}:0.1.0"}


def test_no_pod_can_gain_privileges(objects):
    for workload in _workloads(objects):
        pod = _pod_spec(workload)
        name = workload["metadata"]["name"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False, name
        assert not {"hostNetwork", "hostPID", "hostIPC"} & set(pod), name
        assert not [v for v in pod.get("volumes", []) if "hostPath" in v], name
        for container in _containers(workload):
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context.get("privileged", False) is False, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["capabilities"] == {"drop": ["ALL"]}, name


def test_app_pods_have_a_writable_tmp(objects):
    for workload in _app_workloads(objects).values():
        (container,) = _pod_spec(workload)["containers"]
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in _pod_spec(workload)["volumes"]}
        assert "emptyDir" in volumes[mounts["/tmp"]]


def test_every_container_has_requests_and_limits(objects):
    for workload in _workloads(objects):
        for container in _containers(workload):
            resources = container["resources"]
            for bound in ("requests", "limits"):
                assert set(resources[bound]) >= {"cpu", "memory"}, (container["name"], bound)


def test_autoscalers_target_existing_deployments(objects):
    hpas = _of_kind(objects, "HorizontalPodAutoscaler")
    assert {h["spec"]["scaleTargetRef"]["name"] for h in hpas} == {"jifen-web", "jifen-worker"}
    for hpa in hpas:
        ref = hpa["spec"]["scaleTargetRef"]
        target = _get(objects, ref["kind"], ref["name"])
        assert ref["apiVersion"] == target["apiVersion"] == "apps/v1"
        # The HPA owns the replica count; a fixed one would be reset by every apply.
        assert "replicas" not in target["spec"]
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]


def test_prod_runs_more_replicas_than_dev():
    for name in ("jifen-web", "jifen-worker"):
        dev = _get(_rendered("overlays/dev"), "HorizontalPodAutoscaler", name)["spec"]
        prod = _get(_rendered("overlays/prod"), "HorizontalPodAutoscaler", name)["spec"]
        assert prod["minReplicas"] > dev["minReplicas"]
        assert prod["minReplicas"] >= 2


def test_disruption_budgets_select_existing_pods(objects):
    pdbs = _of_kind(objects, "PodDisruptionBudget")
    assert {p["metadata"]["name"] for p in pdbs} == {"jifen-web", "jifen-worker"}
    for pdb in pdbs:
        assert any(_matches(pdb["spec"]["selector"], labels) for labels in _pod_labels(objects))


def test_services_select_pods_and_ports_that_exist(objects):
    for service in _of_kind(objects, "Service"):
        pods = [
            w
            for w in _workloads(objects)
            if _matches(
                {"matchLabels": service["spec"]["selector"]},
                w["spec"]["template"]["metadata"]["labels"],
            )
        ]
        assert pods, service["metadata"]["name"]
        port_names = {p["name"] for w in pods for c in _containers(w) for p in c.get("ports", [])}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names, service["metadata"]["name"]


def test_ingress_serves_every_tenant_domain_through_the_web(overlay):
    config = _get(overlay, "ConfigMap", "jifen-config")["data"]
    ingress = _get(overlay, "Ingress", "jifen")
    base_domain = config["JIFEN_BASE_DOMAIN"]
    assert {r["host"] for r in ingress["spec"]["rules"]} == {base_domain, f"*.{base_domain}"}
    assert config["JIFEN_ALLOWED_HOSTS"] == f".{base_domain}"
    for rule in ingress["spec"]["rules"]:
        (path,) = rule["http"]["paths"]
        assert path["backend"]["service"] == {"name": "jifen-web", "port": {"name": "http"}}
    for tls in ingress["spec"].get("tls", []):
        assert set(tls["hosts"]) == {base_domain, f"*.{base_domain}"}


def test_app_reads_config_and_secrets_by_reference_only(objects):
    for role, workload in _app_workloads(objects).items():
        (container,) = _pod_spec(workload)["containers"]
        assert container["envFrom"] == [
            {"configMapRef": {"name": "jifen-config"}},
            {"secretRef": {"name": "jifen-secrets"}},
        ]
        for variable in container.get("env", []):
            if variable["name"] in SECRET_ENV_NAMES:
                assert set(variable) == {"name", "valueFrom"}, variable
        # A missing required key must stop the pod rather than let the app start embedded
        # servers of its own (what it does when DATABASE_URL or REDIS_URL is unset).
        required = {
            e["name"]: e["valueFrom"]["secretKeyRef"]
            for e in container.get("env", [])
            if "secretKeyRef" in e.get("valueFrom", {})
        }
        # migrations run as the tables' owner, everything else as the application's role
        database = "DATABASE_OWNER_URL" if role == "migrate" else "DATABASE_URL"
        assert required == {
            "DATABASE_URL": {"name": "jifen-secrets", "key": database},
            **{
                key: {"name": "jifen-secrets", "key": key}
                for key in ("REDIS_URL", "JIFEN_SECRET_KEY")
            },
        }
    assert not SECRET_ENV_NAMES & set(_get(objects, "ConfigMap", "jifen-config")["data"])
    config = _get(objects, "ConfigMap", "jifen-config")["data"]
    assert config["JIFEN_LOG_FORMAT"] == "json"
    assert config["JIFEN_DEBUG"] == "false"


def test_no_secret_values_outside_the_dev_overlay():
    for target in ("base", "overlays/prod"):
        assert _of_kind(_rendered(target), "Secret") == []
    for secret in _of_kind(_rendered("overlays/dev"), "Secret"):
        values = [base64.b64decode(v).decode() for v in secret["data"].values()]
        assert all("dev-only" in v for v in values), secret["metadata"]["name"]


# --- NetworkPolicies --------------------------------------------------------------------------


def _policies_for(objects, labels: dict[str, str], policy_type: str) -> list[dict[str, Any]]:
    return [
        p
        for p in _of_kind(objects, "NetworkPolicy")
        if policy_type in p["spec"]["policyTypes"] and _matches(p["spec"]["podSelector"], labels)
    ]


def _external_egress_ports(objects, labels: dict[str, str]) -> set[int]:
    """Ports a pod may reach outside the cluster: rules to 0.0.0.0/0 (what the base calls outside)."""
    ports = set()
    for policy in _policies_for(objects, labels, "Egress"):
        for rule in policy["spec"].get("egress", []):
            if any(
                peer.get("ipBlock", {}).get("cidr") == "0.0.0.0/0" for peer in rule.get("to", [])
            ):
                ports |= {p["port"] for p in rule["ports"]}
    return ports


def test_everything_is_denied_unless_allowed(objects):
    deny = _get(objects, "NetworkPolicy", "jifen-default-deny")
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_only_web_and_worker_reach_outside_and_the_worker_only_for_mail_and_https(objects):
    roles = {
        role: w["spec"]["template"]["metadata"]["labels"]
        for role, w in _app_workloads(objects).items()
    }
    assert _external_egress_ports(objects, roles["web"]) == {443, 465, 587}
    assert _external_egress_ports(objects, roles["worker"]) == {443, 465, 587}
    assert _external_egress_ports(objects, roles["beat"]) == set()
    assert _external_egress_ports(objects, roles["migrate"]) == set()


def test_only_the_web_accepts_traffic_from_the_ingress_controller(objects):
    for labels in _pod_labels(objects):
        for policy in _policies_for(objects, labels, "Ingress"):
            for rule in policy["spec"].get("ingress", []):
                from_ingress = [
                    peer
                    for peer in rule.get("from", [])
                    if peer.get("namespaceSelector", {})
                    .get("matchLabels", {})
                    .get("kubernetes.io/metadata.name")
                    == "ingress-nginx"
                ]
                if from_ingress:
                    assert labels.get("app.kubernetes.io/component") == "web", policy


def test_app_reaches_datastores_only_at_named_destinations(overlay):
    policy = _get(overlay, "NetworkPolicy", "jifen-app-to-datastores")
    assert policy["spec"]["podSelector"] == {"matchLabels": {"app.kubernetes.io/name": "jifen"}}
    ports = set()
    for rule in policy["spec"]["egress"]:
        assert rule["to"], "a rule without `to` would allow the port to any address"
        ports |= {p["port"] for p in rule["ports"]}
    assert ports == {5432, 6379}


def test_in_cluster_datastores_accept_only_app_pods():
    objects = _rendered("overlays/dev")
    for name, port in (("postgres", 5432), ("redis", 6379)):
        labels = _get(objects, "StatefulSet", name)["spec"]["template"]["metadata"]["labels"]
        (policy,) = [
            p for p in _policies_for(objects, labels, "Ingress") if p["spec"].get("ingress")
        ]
        assert policy["spec"]["ingress"] == [
            {
                "from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "jifen"}}}],
                "ports": [{"protocol": "TCP", "port": port}],
            }
        ]
