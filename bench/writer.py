"""`python -m bench.writer`: saves records on request, with the site's settings, for the HTTP
benchmarks (bench/servers.py). One command a line on stdin, "ok" or the error on stdout:

    save-person <grid code>   saves the first person of that subtree through the ORM (signals run)
"""

import sys

import django

django.setup()

from governance.models import Grid, Person  # noqa: E402


def save_person(code: str) -> None:
    path = Grid.objects.get(code=code).path
    person = Person.objects.filter(grid__path__startswith=path).order_by("pk").first()
    if person is None:
        raise LookupError(f"no person under {code}")
    person.save()


COMMANDS = {"save-person": save_person}


def main() -> None:
    for line in sys.stdin:
        name, _, argument = line.strip().partition(" ")
        try:
            COMMANDS[name](argument)
        except Exception as error:  # reported to the benchmark, which stops
            print(f"{type(error).__name__}: {error}", flush=True)
            continue
        print("ok", flush=True)


if __name__ == "__main__":
    main()
