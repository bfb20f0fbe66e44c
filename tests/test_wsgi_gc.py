"""The WSGI app freezes a warm worker's long-lived objects out of the garbage collector's sight (config/wsgi.py)."""

import gc
import weakref

import pytest

from catalog.search import index as index_module
from config.wsgi import FreezeWhenWarm
from tests.factories import ProgramFactory


class Kept:
    """An object the collector tracks, kept between requests as a worker keeps what it loads."""


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_what_a_worker_keeps_is_frozen_before_its_1st_10th_100th_and_1000th_request(unfrozen):
    kept = []

    def view(environ, start_response):
        kept.append(Kept())  # every request keeps something new
        return [b"ok"]

    app = FreezeWhenWarm(view)
    froze_before = []
    for number in range(1, 1101):
        frozen = gc.get_freeze_count()
        assert app({}, None) == [b"ok"]
        if gc.get_freeze_count() > frozen:
            froze_before.append(number)

    assert froze_before == [1, 10, 100, 1000]
    assert all(gc.is_tracked(item) for item in kept)


def test_garbage_cycles_are_collected_before_a_freeze_not_kept_forever(unfrozen):
    cycle = Kept()
    cycle.itself = cycle
    dropped = weakref.ref(cycle)
    del cycle
    gc.disable()
    try:
        FreezeWhenWarm(lambda environ, start_response: [])({}, None)
    finally:
        gc.enable()

    assert dropped() is None


@pytest.mark.django_db
def test_a_replaced_search_index_is_freed_without_the_collector_so_a_frozen_one_does_not_leak():
    """After a catalog change the worker builds a new index and drops the old one, which may have been frozen:
    it must be freed by reference counting alone, having no reference cycle."""
    ProgramFactory.create_batch(3)
    gc.collect()
    gc.disable()
    try:
        built = index_module.build(token="a-token")
        dropped = weakref.ref(built)
        del built
        assert dropped() is None
        assert gc.collect() == 0
    finally:
        gc.enable()
