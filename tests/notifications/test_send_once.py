"""The one sent-once memory: a message sent under a key is not sent again; a failed one is."""

import pytest

from bookings.notifications.delivery import send_once


def test_a_second_send_under_the_same_key_is_skipped():
    sent = []

    assert send_once("k", lambda: sent.append(1)) is True
    assert send_once("k", lambda: sent.append(2)) is False
    assert sent == [1]


def test_a_failed_send_can_be_tried_again():
    def fail():
        raise OSError("451 try again later")

    with pytest.raises(OSError):
        send_once("k", fail)
    sent = []
    assert send_once("k", lambda: sent.append(1)) is True
    assert sent == [1]


def test_a_send_under_way_elsewhere_is_not_repeated():
    sent = []

    def send_while_another_runs():
        # Another worker, at the same moment, with the same key.
        assert send_once("k", lambda: sent.append("other")) is False
        sent.append("mine")

    send_once("k", send_while_another_runs)
    assert sent == ["mine"]


def test_without_a_key_every_call_sends():
    sent = []
    send_once(None, lambda: sent.append(1))
    send_once(None, lambda: sent.append(2))
    assert sent == [1, 2]
