"""Results of pure functions kept per process, bounded (issue 15).

The pages write the same escaped words, formatted wages, converted decimals and translations on every request;
keeping them in a dictionary saves the work. Each dictionary holds at most its limit: once full, a new result is
worked out each time and not kept, so what visitors send (a search, a query string) cannot grow a worker's memory.
The stores are plain dictionaries, read with `store[key]`: CPython looks an exact dict up faster than a subclass.
"""


def keep(store, key, result, limit):
    """`result`, kept in `store` under `key` while `store` holds fewer than `limit` results."""
    if len(store) < limit:
        store[key] = result
    return result
