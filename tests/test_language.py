"""Where Django keeps the active translation (config/language.py): a context variable that behaves as asgiref's Local
did, in threads, in asyncio tasks and across sync_to_async and async_to_sync."""

import asyncio
import threading
import types

import pytest
from asgiref.local import Local
from asgiref.sync import async_to_sync, sync_to_async
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real

from config.language import ActiveTranslation


def test_django_keeps_the_active_translation_in_the_fast_storage():
    assert isinstance(trans_real._active, ActiveTranslation)


def test_the_fast_storage_stays_after_a_language_setting_changes():
    with override_settings(LANGUAGE_CODE="es"):
        assert isinstance(trans_real._active, ActiveTranslation)
        assert translation.get_language() == "es"
    assert isinstance(trans_real._active, ActiveTranslation)


def scenario():
    """What get_language() says at each step of activating, overriding and deactivating languages in this thread,
    another thread, asyncio tasks, and code run through sync_to_async and async_to_sync."""
    seen = []
    translation.deactivate()
    seen.append(("nothing active", translation.get_language()))
    translation.activate("es")
    seen.append(("activated", translation.get_language()))
    with translation.override("en"):
        seen.append(("overridden", translation.get_language()))
    seen.append(("after the override", translation.get_language()))

    in_thread = {}

    def other_thread():
        in_thread["at start"] = translation.get_language()
        translation.activate("en")
        in_thread["own"] = translation.get_language()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    seen.append(("another thread", sorted(in_thread.items())))
    seen.append(("after the other thread", translation.get_language()))

    async def task(language, ready, results):
        translation.activate(language)
        await ready.wait()  # both tasks have activated before either reads
        results[language] = translation.get_language()

    async def two_tasks():
        ready, results = asyncio.Event(), {}
        tasks = [asyncio.create_task(task(language, ready, results)) for language in ("en", "es")]
        await asyncio.sleep(0)
        ready.set()
        await asyncio.gather(*tasks)
        return sorted(results.items())

    seen.append(("two asyncio tasks", asyncio.run(two_tasks())))
    seen.append(("after the tasks", translation.get_language()))

    def sync_part():
        language = translation.get_language()
        translation.activate("en")
        return language

    async def async_part():
        before = translation.get_language()
        in_sync = await sync_to_async(sync_part)()
        return before, in_sync, translation.get_language()

    seen.append(("async_to_sync, then sync_to_async", async_to_sync(async_part)()))
    seen.append(("after them", translation.get_language()))
    translation.deactivate_all()
    seen.append(("deactivated all", translation.get_language()))
    translation.deactivate()
    seen.append(("deactivated", translation.get_language()))
    with pytest.raises(AttributeError):
        del trans_real._active.value
    return seen


@pytest.fixture
def storage():
    """Put a given storage in Django's translation module for a test, and the installed one back after it."""
    installed = trans_real._active

    def use(kind):
        trans_real._active = kind()

    yield use
    trans_real._active = installed
    translation.activate("en")


def in_new_thread(function):
    """function() in a thread of its own: no event loop is running there (a browser test's may be in the test's
    thread, and asyncio.run() refuses to start inside it)."""
    result = {}

    def run():
        try:
            result["value"] = function()
        except BaseException as error:  # raised again in the test's thread
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def test_the_fast_storage_behaves_as_asgiref_local_did(storage):
    storage(Local)
    with_asgiref = in_new_thread(scenario)
    storage(ActiveTranslation)
    assert in_new_thread(scenario) == with_asgiref


def test_the_scenario_tells_a_storage_shared_by_every_thread_and_task_apart(storage):
    storage(Local)
    with_asgiref = in_new_thread(scenario)
    storage(types.SimpleNamespace)  # one attribute for every thread and task
    assert in_new_thread(scenario) != with_asgiref
