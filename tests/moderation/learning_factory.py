"""A small, fixed training corpus for the model's tests: the 300 comments of
bench/data/corpus.jsonl, so the tests neither wait for nor depend on the growing corpus."""

import pytest

from moderation.learning import examples, store
from moderation.models import ScreeningModel


@pytest.fixture
def small_corpus(monkeypatch, db):
    monkeypatch.setattr(examples, "corpus_files", lambda: [examples.BENCH_CORPUS])
    # The test database's version 1 was trained on the whole corpus when it was migrated.
    ScreeningModel.objects.all().delete()
    store.forget_loaded()
    yield
    store.forget_loaded()


BARN = ("Barnets rättigheter i kommunens beslut", "Barnkonventionen är lag.",
        "Nätverket för mänskliga rättigheter i kommuner och regioner träffas i Umeå.",
        "barnkonventionen")
