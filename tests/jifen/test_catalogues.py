"""Every message that reaches a user has its Chinese translation, compiled."""

from jifen.catalogues import check


def test_every_message_is_translated_and_compiled():
    assert check() == []
