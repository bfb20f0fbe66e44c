"""Where Django keeps each request's language, time zone, script prefix and URLconf (config/context_locals.py):
context variables that behave as asgiref's Local did, in threads, in asyncio tasks and across sync_to_async and
async_to_sync."""

import asyncio
import threading
import types

import pytest
from asgiref.local import Local
from asgiref.sync import async_to_sync, sync_to_async
from django.test import override_settings
from django.urls import clear_script_prefix, get_script_prefix, get_urlconf, set_script_prefix, set_urlconf
from django.utils import timezone, translation
from django.utils.translation import trans_real

from config.context_locals import PLACES, ContextValue


def test_django_keeps_its_per_request_values_in_the_fast_storage():
    assert [(module.__name__, name) for module, name in PLACES] == [
        ("django.utils.translation.trans_real", "_active"),
        ("django.utils.timezone", "_active"),
        ("django.urls.base", "_prefixes"),
        ("django.urls.base", "_urlconfs"),
    ]
    for module, name in PLACES:
        assert type(getattr(module, name)) is ContextValue, (module.__name__, name)


def test_the_fast_storage_stays_after_a_language_setting_changes():
    with override_settings(LANGUAGE_CODE="es"):
        assert isinstance(trans_real._active, ContextValue)
        assert translation.get_language() == "es"
    assert isinstance(trans_real._active, ContextValue)


def addresses_and_time_zones():
    """What the script prefix, the URLconf and the time zone read at each step, here and in another thread."""
    seen = []
    set_script_prefix("/prefix/")
    set_urlconf("tests.urls_moved_programs")
    timezone.activate("America/Chicago")
    elsewhere = {}

    def other_thread():
        elsewhere["before"] = (get_script_prefix(), get_urlconf(), str(timezone.get_current_timezone()))
        set_script_prefix("/other/")
        timezone.activate("Europe/Madrid")

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    seen.append(("another thread", elsewhere["before"]))
    seen.append(("here", get_script_prefix(), get_urlconf(), str(timezone.get_current_timezone())))
    with timezone.override("Asia/Tokyo"):
        seen.append(("overridden", str(timezone.get_current_timezone())))
    clear_script_prefix()
    set_urlconf(None)
    timezone.deactivate()
    seen.append(("cleared", get_script_prefix(), get_urlconf(), str(timezone.get_current_timezone())))
    return seen


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
    """Put a given kind of storage in each of Django's four places (PLACES) for a test, and the installed ones back
    after it."""
    installed = [(module, name, getattr(module, name)) for module, name in PLACES]

    def use(kind):
        for module, name in PLACES:
            setattr(module, name, kind())

    yield use
    for module, name, value in installed:
        setattr(module, name, value)
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
    with_asgiref = in_new_thread(scenario), in_new_thread(addresses_and_time_zones)
    storage(ContextValue)
    assert (in_new_thread(scenario), in_new_thread(addresses_and_time_zones)) == with_asgiref


def test_the_scenario_tells_a_storage_shared_by_every_thread_and_task_apart(storage):
    storage(Local)
    with_asgiref = in_new_thread(scenario), in_new_thread(addresses_and_time_zones)
    storage(types.SimpleNamespace)  # one attribute for every thread and task
    with_shared = in_new_thread(scenario), in_new_thread(addresses_and_time_zones)
    assert with_shared[0] != with_asgiref[0] and with_shared[1] != with_asgiref[1]
