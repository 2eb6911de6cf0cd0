import pytest

from jifen.access.models import User


@pytest.fixture
def users(in_alpha):
    """alpha's users by name: county, township_1, secretary_1, secretary_2, member_1 …"""
    return {u.username: u for u in User.objects.all()}
