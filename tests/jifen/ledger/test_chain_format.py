"""The chain's fast formatting spells every value as the reference definition does: a
hash written by either matches the other, whatever the JSON holds."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jifen.ledger.chain import _decimal, _fmt, _json, json_text

NUMBERS = st.one_of(
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1.0, 1e20, 1e-7, 2.0**53, 2.0**53 + 2, 9007199254740994.0,
                     1.2345678901234567e25, Decimal("-0"), Decimal("1E+30"), Decimal("5.000"),
                     Decimal("0.1234"), 0.1, -2.5]),
)  # fmt: skip
KEYS = st.one_of(st.text(max_size=8), st.sampled_from(["a", "B", "中文", "é", "\ud800"]))
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=12)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(KEYS, inner, max_size=4),
        st.dictionaries(st.integers(-3, 3), inner, max_size=3),  # keys hashed as text
    ),
    max_leaves=20,
)


@given(JSON)
def test_json_text_spells_values_as_the_reference(value):
    assert json_text(value) == _json(value)


@given(st.integers(-(10**20), 10**20))
def test_integers_are_formatted_as_the_reference(number):
    # ids and seqs take a fast path; the reference is the numeric(…, 4) spelling
    assert _fmt(number) == f"{_decimal(number):.4f}"
