"""Beyond one machine: ``check_paths`` on a Dask cluster's executor, unchanged.

A local cluster of two worker *processes* stands in for a real one: tasks and
results cross a process boundary by pickling, as they would over the network.
Skipped when ``dask[distributed]`` is not installed (``pip install 'cliffcite[dask]'``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cliffcite import batch

from .conftest import SEED

distributed = pytest.importorskip("distributed")

FAULTY = "Submitted. [1] Banned. [3] Raided. [2]\n\nNotes\n\n1. Serge, p.223.\n\n2. Reiman, p.32.\n"


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        scheduler_port=0,
        silence_logs=True,
    )
    with cluster, distributed.Client(cluster) as c:
        yield c


def test_check_paths_on_a_dask_cluster_equals_local(tmp_path: Path, client: Any) -> None:
    for i in range(6):
        shutil.copy(SEED, tmp_path / f"seed-{i}.txt")
        (tmp_path / f"faulty-{i}.md").write_text(FAULTY, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    paths, _ = batch.expand_paths([str(tmp_path)])

    local = list(batch.check_paths(paths, select=["CC1"]))
    remote = list(batch.check_paths(paths, executor=client.get_executor(), select=["CC1"]))

    assert remote == local
    assert [r.path for r in remote] == paths
    by_name = {Path(r.path).name: r for r in remote}
    assert by_name["broken.txt"].error is not None
    assert (by_name["seed-0.txt"].notes, by_name["seed-0.txt"].diagnostics) == (53, ())
    assert [d["code"] for d in by_name["faulty-3.md"].diagnostics] == ["CC101", "CC105"]
    # the work really ran on both workers, not in this process
    assert len(client.scheduler_info()["workers"]) == 2


def test_chunked_tasks_on_a_dask_cluster(tmp_path: Path, client: Any) -> None:
    for i in range(5):
        (tmp_path / f"f{i}.txt").write_text(FAULTY, encoding="utf-8")
    paths, _ = batch.expand_paths([str(tmp_path)])
    results = list(batch.check_paths(paths, executor=client.get_executor(), chunksize=2, window=1))
    assert [r.path for r in results] == paths
    assert all(r.has_findings for r in results)
