"""Every Deployment is probed; worker and beat probes catch a stuck process for real."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.k8s.kustomize_lite import render

from .servers import free_port

K8S = Path(__file__).resolve().parents[2] / "k8s"
TARGETS = ["base", "overlays/dev", "overlays/prod"]


def _deployments(target: str) -> list[dict]:
    return [o for o in render(K8S / target) if o["kind"] == "Deployment"]


def _container(deployment: dict) -> dict:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


@pytest.mark.parametrize("target", TARGETS)
def test_every_deployment_has_liveness_and_readiness_probes(target):
    deployments = _deployments(target)
    assert {d["metadata"]["name"] for d in deployments} >= {
        "jifen-web",
        "jifen-worker",
        "jifen-beat",
    }
    for deployment in deployments:
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            name = f"{deployment['metadata']['name']}/{container['name']}"
            assert "livenessProbe" in container, name
            assert "readinessProbe" in container, name


def test_worker_grace_period_outlasts_the_longest_task():
    (worker,) = [
        d for d in _deployments("overlays/prod") if d["metadata"]["name"] == "jifen-worker"
    ]
    grace = worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert grace >= settings.CELERY_TASK_TIME_LIMIT + 15


def test_worker_and_beat_probes_run_the_probe_module():
    commands = {
        d["metadata"]["name"]: [
            _container(d)[probe]["exec"]["command"] for probe in ("livenessProbe", "readinessProbe")
        ]
        for d in _deployments("base")
        if d["metadata"]["name"] in ("jifen-worker", "jifen-beat")
    }
    assert commands["jifen-worker"][0][:4] == ["python", "-m", "jifen.probe", "worker"]
    assert "--ready" in commands["jifen-worker"][1]
    assert commands["jifen-beat"][0][:4] == ["python", "-m", "jifen.probe", "beat"]


# --- the probes against real processes ------------------------------------------------------


def _probe(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jifen.probe", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def _wait(predicate, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.2)


@pytest.fixture
def role_env(tmp_path, worlds, django_db_blocker):
    """Environment of a worker or beat of its own: heartbeats every 0.5 s in tmp_path, and a
    Redis database no other test uses, so nothing it sends reaches the suite's worker."""
    from django.db import connection

    from jifen.testing.urls import database_url_from_settings

    base = settings.CELERY_BROKER_URL.rsplit("/", 1)[0]
    return {
        **os.environ,
        "DATABASE_URL": database_url_from_settings(connection.settings_dict),
        "REDIS_URL": f"{base}/11",
        "JIFEN_HEARTBEAT_DIR": str(tmp_path / "heartbeats"),
        "JIFEN_HEARTBEAT_SECONDS": "0.5",
        "JIFEN_WORKER_METRICS_PORT": str(free_port()),
    }


def _start(argv: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.app", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGCONT)
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.mark.worker
def test_worker_probes_fail_while_the_worker_is_stuck_and_pass_again_after(role_env):
    worker = _start(
        ["worker", "--concurrency", "1", "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle", "--hostname", f"probe-{os.getpid()}@localhost"],
        role_env,
    )  # fmt: skip
    try:
        # given a worker that consumes (both files fresh)
        _wait(lambda: _probe(role_env, "worker", "--ready", "--max-age", "2").returncode == 0,
              what="worker ready")  # fmt: skip
        alive = _probe(role_env, "worker", "--max-age", "2")
        # when its main process stops turning (SIGSTOP: as stuck as a process gets)
        os.kill(worker.pid, signal.SIGSTOP)
        time.sleep(3)
        stuck = _probe(role_env, "worker", "--max-age", "2")
        not_ready = _probe(role_env, "worker", "--ready", "--max-age", "2")
        # and when it turns again
        os.kill(worker.pid, signal.SIGCONT)
        _wait(lambda: _probe(role_env, "worker", "--max-age", "2").returncode == 0,
              timeout=10, what="worker alive again")  # fmt: skip
    finally:
        _stop(worker)
    # then the probes failed exactly while it was stuck, naming why
    assert alive.returncode == 0, alive.stderr
    assert stuck.returncode == 1 and "stuck" in stuck.stderr
    assert not_ready.returncode == 1
    # and a stopped worker leaves no heartbeat behind that a new container could trust
    gone = _probe(role_env, "worker", "--ready")
    assert gone.returncode == 1 and "no heartbeat" in gone.stderr


@pytest.mark.worker
def test_beat_probe_fails_while_beat_is_stuck_and_passes_again_after(role_env, tmp_path):
    # Ticks at least every 0.5 s (beat_max_interval), so a fresh heartbeat is a turning loop.
    env = {**role_env, "JIFEN_DATA_DIR": str(tmp_path), "JIFEN_BEAT_MAX_INTERVAL": "0.5"}
    beat = _start(
        ["beat", "--loglevel", "WARNING", "--schedule", str(tmp_path / "celerybeat-schedule")], env
    )
    try:
        # given a beat that ticks
        _wait(lambda: _probe(env, "beat", "--max-age", "2").returncode == 0, what="beat ticks")
        time.sleep(2.5)
        alive = _probe(env, "beat", "--max-age", "2")
        # when it stops turning, and then turns again
        os.kill(beat.pid, signal.SIGSTOP)
        time.sleep(2.5)
        stuck = _probe(env, "beat", "--max-age", "2")
        os.kill(beat.pid, signal.SIGCONT)
        _wait(lambda: _probe(env, "beat", "--max-age", "2").returncode == 0,
              timeout=10, what="beat ticks again")  # fmt: skip
    finally:
        _stop(beat)
        from workers.app import app

        with app.connection_for_write(role_env["REDIS_URL"]) as conn:
            conn.default_channel.queue_purge("celery")
    # then the probe failed exactly while it was stuck
    assert alive.returncode == 0, alive.stderr
    assert stuck.returncode == 1 and "stuck" in stuck.stderr
