import pytest

from sijeong.pledges import demo_paju


@pytest.fixture
def demo(db):
    return demo_paju.load()
