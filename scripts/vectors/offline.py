"""Runs the official client (py-clob-client-v2 1.2.1) offline and deterministically.

- OfflineClient: a ClobClient whose HTTP calls are recorded instead of sent, whose L1/L2 header
  timestamp is fixed (the client's own use_server_time hook), and whose market look-ups (tick size,
  version, market info) are answered from the case being generated.
- fixed_order(): pins the order salt and the order timestamp the client would otherwise draw from
  random.random() and time.time_ns().
- The HMAC message is recorded from the client's own build_hmac_signature call.
"""

import contextlib
import hashlib
import hmac as _hmac
import types

import py_clob_client_v2.order_builder.builder as builder_module
import py_clob_client_v2.signing.hmac as hmac_module
import py_clob_client_v2.utilities as utilities_module
from py_clob_client_v2.client import ClobClient
from py_clob_client_v2.constants import END_CURSOR
from py_clob_client_v2.endpoints import GET_CLOB_MARKET, GET_MARKET_BY_TOKEN, GET_TICK_SIZE, VERSION
from py_clob_client_v2.order_utils.exchange_order_builder_v2 import ExchangeOrderBuilderV2

HOST = "https://clob.invalid"

_last_hmac_message = [None]
_last_sha1_input = [None]


class _RecordingHmac:
    """Stands in for the hmac module inside the client's signing.hmac: records the message."""

    def new(self, key, msg, digestmod):
        _last_hmac_message[0] = msg.decode("utf-8")
        return _hmac.new(key, msg, digestmod)


class _RecordingHashlib:
    """Stands in for hashlib inside the client's utilities: records what the book hash covers."""

    def sha1(self, data):
        _last_sha1_input[0] = data.decode("utf-8")
        return hashlib.sha1(data)


hmac_module.hmac = _RecordingHmac()
utilities_module.hashlib = _RecordingHashlib()


def last_hmac_message():
    return _last_hmac_message[0]


def last_sha1_input():
    return _last_sha1_input[0]


class OfflineClient(ClobClient):
    def __init__(self, *args, token="", tick_size="0.01", neg_risk=False, **kwargs):
        self.fixed_timestamp = None
        self.sent = []
        self.market_token = token
        self.market_tick = tick_size
        self.market_neg_risk = neg_risk
        super().__init__(HOST, *args, use_server_time=True, **kwargs)

    def _get_timestamp(self):
        return self.fixed_timestamp

    def _answer(self, path):
        if path == VERSION:
            return {"version": 2}
        if path == GET_TICK_SIZE:
            return {"minimum_tick_size": self.market_tick}
        if path.startswith(GET_MARKET_BY_TOKEN):
            return {"condition_id": "0x" + "11" * 32}
        if path.startswith(GET_CLOB_MARKET):
            return {"t": [{"t": self.market_token}], "mts": self.market_tick, "nr": self.market_neg_risk, "fd": {}}
        return {"next_cursor": END_CURSOR, "data": []}

    def _record(self, method, endpoint, headers, data, params):
        path = endpoint[len(HOST):]
        self.sent.append(dict(method=method, path=path, headers=headers, body=data, params=params))
        return self._answer(path)

    def _get(self, endpoint, headers=None, params=None):
        return self._record("GET", endpoint, headers, None, params)

    def _post(self, endpoint, headers=None, data=None, params=None):
        return self._record("POST", endpoint, headers, data, params)

    def _delete(self, endpoint, headers=None, data=None, params=None):
        return self._record("DELETE", endpoint, headers, data, params)

    def last_authenticated(self):
        """The last request that carried L2 headers (market look-ups carry none)."""
        return [r for r in self.sent if r["headers"]][-1]


@contextlib.contextmanager
def fixed_order(salt, timestamp_ms):
    saved_time = builder_module.time
    saved_defaults = ExchangeOrderBuilderV2.__init__.__defaults__
    builder_module.time = types.SimpleNamespace(time_ns=lambda: int(timestamp_ms) * 1_000_000)
    ExchangeOrderBuilderV2.__init__.__defaults__ = (lambda: str(salt),) + saved_defaults[1:]
    try:
        yield
    finally:
        builder_module.time = saved_time
        ExchangeOrderBuilderV2.__init__.__defaults__ = saved_defaults
