"""How long the GraphQL limits take to refuse exhausting documents (issue 16).

For each document: the floor (parsing it, which any server must do) and the limits pass
(`jifen.graphql.limits.document_refusal`); with `--old`, also graphene's depth validator
that the pass replaced (exponential in fragment spreads: only run it up to 2^19).

    JIFEN_DEBUG=1 JIFEN_DATA_DIR=/tmp/bench-data .venv/bin/python bench/graphql_limits.py [--old]
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")


def fragment_bomb(n: int) -> str:
    parts = ["fragment F0 on Query { me { username } }"]
    parts += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n + 1)]
    return f"query {{ ...F{n} }}\n" + "\n".join(parts)


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    import django

    django.setup()
    from graphene.validation import depth_limit_validator
    from graphql import parse, validate

    from jifen.graphql import limits
    from jifen.graphql.api import schema

    budget = limits.Limits.from_settings()
    documents = {f"fragments 2^{n}": fragment_bomb(n) for n in (19, 22, 30, 60)}
    documents["100 aliases"] = "query {" + " ".join(f"a{i}: me {{ id }}" for i in range(100)) + "}"
    for name, source in documents.items():
        floor, document = timed(lambda s=source: parse(s))
        took, refused = timed(
            lambda d=document: limits.document_refusal(
                schema.graphql_schema, d, variables={}, limits=budget
            )
        )
        code = refused.code if refused else "accepted"
        line = f"{name:16} {len(source):6} chars  parse {floor * 1000:7.2f} ms  limits {took * 1000:7.2f} ms  {code}"
        if "--old" in sys.argv and (not name.startswith("fragments") or int(name[-2:]) <= 19):
            old, _errors = timed(
                lambda d=document: validate(
                    schema.graphql_schema, d, rules=(depth_limit_validator(max_depth=10),)
                )
            )
            line += f"  old depth validator {old:8.2f} s"
        print(line, flush=True)


if __name__ == "__main__":
    main()
