"""GraphQL documents parsed and validated once per process, not twice per request.

The web app and most clients send the same few dozen documents over and over; parsing one
twice (the limits' check, then the executor) and validating it again took a quarter of a
small page's time (bench/reads.py, `member_points`). A document and its validation depend
only on its text and the schema, so both are kept in a bounded LRU; variables are not part
of them and are checked on every request.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, validate

CACHED_DOCUMENTS = 512  # distinct documents kept; a document is at most `max_chars` long


@lru_cache(maxsize=CACHED_DOCUMENTS)
def document_of(query: str, max_tokens: int) -> DocumentNode:
    """The parsed document (shared, read only); a syntax error is raised, not kept."""
    return parse(query, max_tokens=max_tokens)


@lru_cache(maxsize=CACHED_DOCUMENTS)
def validation_errors(
    schema: GraphQLSchema, query: str, max_tokens: int
) -> tuple[GraphQLError, ...]:
    """The standard rules' errors for the document of `query` (empty when it is valid)."""
    return tuple(validate(schema, document_of(query, max_tokens)))
