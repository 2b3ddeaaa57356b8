"""The client's own amount rules (OrderBuilder.get_order_amounts / get_market_order_amounts), run in exact
decimal arithmetic: the rounding helpers the builder module calls are swapped for Decimal versions for the
duration of one call, and the inputs are the decimal text of the floats. Where this differs from the float
result, the vector records it as 'differs_from_exact_decimal'.
"""

import contextlib
import math
from decimal import Decimal

import py_clob_client_v2.order_builder.builder as builder_module


def _scale(digits):
    return Decimal(10) ** int(digits)


def round_down(x, digits):
    return Decimal(math.floor(x * _scale(digits))) / _scale(digits)


def round_up(x, digits):
    return Decimal(math.ceil(x * _scale(digits))) / _scale(digits)


def round_normal(x, digits):
    return Decimal(round(x * _scale(digits))) / _scale(digits)  # round() on Decimal is half-to-even, like floats


def decimal_places(x):
    return max(0, -Decimal(x).normalize().as_tuple().exponent)


def to_token_decimals(x):
    f = Decimal(10 ** 6) * x
    if decimal_places(f) > 0:
        f = round_normal(f, 0)
    return int(f)


@contextlib.contextmanager
def _exact_helpers():
    names = ("round_down", "round_up", "round_normal", "decimal_places", "to_token_decimals")
    saved = {name: getattr(builder_module, name) for name in names}
    for name in names:
        setattr(builder_module, name, globals()[name])
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(builder_module, name, value)


def amounts(builder, market, side, quantity, price, config):
    with _exact_helpers():
        compute = builder.get_market_order_amounts if market else builder.get_order_amounts
        _, maker, taker = compute(side, Decimal(repr(quantity)), Decimal(repr(price)), config)
    return maker, taker
