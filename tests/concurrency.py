"""Code run in several threads at once, each thread with a database connection of its own."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

needs_concurrent_writers = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need a database with concurrent writers (the CI runs PostgreSQL)",
)


def run_together(functions: list[Callable[[], object]]) -> list:
    """Run each function in a thread of its own, wait for them all, and return what each
    returned, or the exception it raised, in the order of `functions`. Each thread closes its
    connections when done: Django closes only those of the threads that serve requests."""
    outcomes: list = [None] * len(functions)

    def run(index: int, function: Callable[[], object]) -> None:
        try:
            outcomes[index] = function()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
