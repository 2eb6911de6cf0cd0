"""Heartbeats of the worker and of beat, read by their Kubernetes probes (`jifen.probe`).

- The worker's liveness beat runs on the worker's own timer, which its event loop drives: a
  loop that hangs stops the beat, and the probe restarts the pod.
- Its readiness beat runs while the consumer consumes: it starts once the queues are
  consumed and is removed when the consumer stops (a lost broker connection, a shutdown).
- Beat writes after every scheduler tick (`HeartbeatScheduler`); `beat_max_interval` bounds
  the time between ticks, so a fresh file means the scheduler is turning.
"""

from __future__ import annotations

import os

from celery import Celery, bootsteps
from celery.beat import PersistentScheduler

from jifen.probe import heartbeat_clear, heartbeat_path, heartbeat_write


def heartbeat_interval() -> float:
    """Seconds between beats; the probes' `--max-age` must be a few times this."""
    return float(os.environ.get("JIFEN_HEARTBEAT_SECONDS", "10"))


class _RepeatingBeat(bootsteps.StartStopStep):
    """Write `path` now and every interval on the owner's timer; remove it on stop."""

    kind = "alive"

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.path = heartbeat_path("worker", self.kind)
        self.tref = None

    def start(self, parent) -> None:
        heartbeat_write(self.path)
        self.tref = parent.timer.call_repeatedly(
            heartbeat_interval(), heartbeat_write, (self.path,), priority=10
        )

    def stop(self, parent) -> None:
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
        heartbeat_clear(self.path)

    shutdown = stop


class WorkerAlive(_RepeatingBeat):
    """Liveness: on the worker's timer, fired by the event loop (or the timer thread)."""

    name = "jifen.heartbeat.WorkerAlive"
    requires = ("celery.worker.components:Timer",)
    kind = "alive"


class ConsumerReady(_RepeatingBeat):
    """Readiness: only between the consumer starting to consume and stopping."""

    name = "jifen.heartbeat.ConsumerReady"
    requires = ("celery.worker.consumer.tasks:Tasks",)
    kind = "ready"


class HeartbeatScheduler(PersistentScheduler):
    """Celery's file-backed scheduler that beats after every tick (beat's liveness)."""

    def setup_schedule(self) -> None:
        super().setup_schedule()
        heartbeat_write(heartbeat_path("beat"))

    def tick(self, *args, **kwargs) -> float:
        interval = super().tick(*args, **kwargs)
        heartbeat_write(heartbeat_path("beat"))
        return interval


def heartbeats_install(app: Celery) -> None:
    """Add the worker's two heartbeat steps to the app (beat's comes by `beat_scheduler`)."""
    app.steps["worker"].add(WorkerAlive)
    app.steps["consumer"].add(ConsumerReady)
