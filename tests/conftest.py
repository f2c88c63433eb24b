from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "cliff-trotsky-vol3-ch11.txt"
#: ``../shared`` beside the checkout: present in CI and on developers' machines.
SHARED = ROOT.parent / "shared"
CORPUS_DEV = SHARED / "corpus" / "dev"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")
needs_corpus = pytest.mark.skipif(not CORPUS_DEV.is_dir(), reason="../shared/corpus/dev is absent")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
