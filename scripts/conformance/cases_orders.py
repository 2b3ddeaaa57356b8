"""Orders: placement rules, error strings, market orders, duplicates, versions, signature types, allowances."""
import time

from eth_utils import keccak, to_checksum_address
from py_clob_client_v2.client import ClobClient
from py_clob_client_v2.clob_types import (
    BalanceAllowanceParams, MarketOrderArgsV2, OrderArgsV1, OrderArgsV2, OrderPayload, OrderType, PartialCreateOrderOptions, PostOrdersV2Args, TradeParams,
)
from py_clob_client_v2.exceptions import PolyApiException

from harness import KEYS, case, expect

OPTIONS = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False)


def refused(call):
    """The error body of a refused request (the client raises on any non-200)."""
    try:
        answer = call()
    except PolyApiException as error:
        return error.status_code, error.error_msg
    raise AssertionError(f"accepted, expected a refusal: {answer}")


def message(body):
    return body.get("error", "") if isinstance(body, dict) else str(body)


def clean(env):
    for index in (0, 1):
        env.client(index).cancel_all()


def ask(env, price, size):
    """YES liquidity at `price`: the second account's BUY NO at 1 − price rests as a YES ask."""
    response = env.client(1).create_and_post_order(OrderArgsV2(token_id=env.no, price=round(1 - price, 2), size=size, side="BUY"), OPTIONS)
    expect(response.get("success") and response.get("status") == "live", f"liquidity not resting: {response}")
    return response["orderID"]


@case("the same signed order posted twice is refused: `order {id} is invalid. Duplicated.`")
def duplicate_twice(env):
    client = env.client(0)
    order = client.create_order(OrderArgsV2(token_id=env.yes, price=0.11, size=10, side="BUY"), OPTIONS)
    first = client.post_order(order)
    expect(first.get("success"), f"first post: {first}")
    status, body = refused(lambda: client.post_order(order))
    expect(status == 400 and message(body) == f"order {first['orderID']} is invalid. Duplicated.", f"second post: {status} {body}")
    clean(env)


@case("a signed order that was cancelled cannot be placed again (duplicated)")
def duplicate_after_cancel(env):
    client = env.client(0)
    order = client.create_order(OrderArgsV2(token_id=env.yes, price=0.12, size=10, side="BUY"), OPTIONS)
    posted = client.post_order(order)
    client.cancel_order(OrderPayload(orderID=posted["orderID"]))
    status, body = refused(lambda: client.post_order(order))
    expect(status == 400 and "Duplicated" in message(body), f"re-post after cancel: {status} {body}")


@case("a signed order that was filled cannot be placed again (duplicated)")
def duplicate_after_fill(env):
    client = env.client(0)
    ask(env, 0.40, 10)
    order = client.create_order(OrderArgsV2(token_id=env.yes, price=0.40, size=10, side="BUY"), OPTIONS)
    posted = client.post_order(order, OrderType.FOK, defer_exec=True)
    expect(posted.get("status") == "matched", f"fill: {posted}")
    status, body = refused(lambda: client.post_order(order, OrderType.FOK, defer_exec=True))
    expect(status == 400 and "Duplicated" in message(body), f"re-post after fill: {status} {body}")
    clean(env)


@case("create_market_order() end to end: BUY $ amount, price from the book, FOK → `matched` with trade ids and tx hashes")
def market_buy_end_to_end(env):
    client = env.client(0)
    ask(env, 0.50, 20)
    order = client.create_market_order(MarketOrderArgsV2(token_id=env.yes, amount=5, side="BUY"), OPTIONS)
    response = client.post_order(order, OrderType.FOK)
    expect(response.get("success") and response.get("status") == "matched" and response.get("tradeIDs"), f"market BUY: {response}")
    hashes = response.get("transactionsHashes") or []
    expect(len(hashes) == 1 and hashes[0].startswith("0x") and len(hashes[0]) == 66, f"transactionsHashes after the client's poll: {hashes}")
    clean(env)


@case("a market BUY whose taker amount is maker / price fitted to 4 decimals (not an exact grid ratio) is accepted")
def market_buy_non_grid_pair(env):
    client = env.client(0)
    ask(env, 0.55, 50)
    # price 0.57: the py client floors it to 0.56 (float artefact): 10 pUSD / 0.56 = 17.857142… → 17.8571 shares
    order = client.create_market_order(MarketOrderArgsV2(token_id=env.yes, amount=10, side="BUY", price=0.57), OPTIONS)
    expect(int(order.makerAmount) * 10_000 != int(order.takerAmount) * 5_600, "the pair is meant to be off the exact grid ratio")
    response = client.post_order(order, OrderType.FAK, defer_exec=True)
    expect(response.get("success") and response.get("status") == "matched", f"non-grid market BUY: {response}")
    clean(env)


@case("a market BUY spends its pUSD amount at the makers' prices: below its limit it gets more shares than its taker amount")
def market_buy_spends_amount(env):
    client = env.client(0)
    ask(env, 0.40, 100)
    conditional = lambda: int(client.get_balance_allowance(BalanceAllowanceParams(asset_type="CONDITIONAL", token_id=env.yes))["balance"])
    collateral = lambda: int(client.get_balance_allowance(BalanceAllowanceParams(asset_type="COLLATERAL"))["balance"])
    shares_before, cash_before = conditional(), collateral()
    # 10 pUSD with a 0.50 limit: the signed taker amount says 20 shares, the ask at 0.40 sells 25.
    order = client.create_market_order(MarketOrderArgsV2(token_id=env.yes, amount=10, side="BUY", price=0.50), OPTIONS)
    expect(int(order.takerAmount) == 20_000_000, f"taker amount: {order.takerAmount}")
    response = client.post_order(order, OrderType.FOK, defer_exec=True)
    expect(response.get("success") and response.get("status") == "matched", f"market BUY: {response}")
    bought, spent = conditional() - shares_before, cash_before - collateral()
    expect(bought == 25_000_000 and spent == 10_000_000, f"bought {bought} shares for {spent} (units): expected 25 shares for 10 pUSD")
    # FOK by amount: 100 pUSD cannot be spent on the 75 shares left at 0.40 (30 pUSD) within a 0.50 limit.
    status, body = refused(lambda: client.post_order(client.create_market_order(MarketOrderArgsV2(token_id=env.yes, amount=100, side="BUY", price=0.50), OPTIONS), OrderType.FOK))
    expect(status == 400 and message(body) == "order couldn't be fully filled. FOK orders are fully filled or killed.", f"{status} {body}")
    clean(env)


@case("a market SELL (shares in, pUSD = shares × price) is accepted and matched")
def market_sell(env):
    client = env.client(0)
    env.admin("POST", "fund", {"address": client.get_address(), "tokens": {env.yes: "100"}})
    bid = env.client(1).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.30, size=20, side="BUY"), OPTIONS)
    expect(bid.get("status") == "live", f"bid: {bid}")
    order = client.create_market_order(MarketOrderArgsV2(token_id=env.yes, amount=10, side="SELL"), OPTIONS)
    response = client.post_order(order, OrderType.FOK, defer_exec=True)
    expect(response.get("success") and response.get("status") == "matched", f"market SELL: {response}")
    clean(env)


@case("a FAK order that matched on entry answers `matched`, its unfilled rest is cancelled")
def fak_partial_matched(env):
    client = env.client(0)
    ask(env, 0.45, 10)
    response = client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.45, size=30, side="BUY"), OPTIONS, OrderType.FAK, defer_exec=True)
    expect(response.get("success") and response.get("status") == "matched", f"FAK: {response}")
    expect(not client.get_open_orders(), "the FAK remainder must not rest")
    clean(env)


@case("FOK not fully fillable: `order couldn't be fully filled. FOK orders are fully filled or killed.`")
def fok_killed(env):
    client = env.client(0)
    ask(env, 0.45, 10)
    status, body = refused(lambda: client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.45, size=30, side="BUY"), OPTIONS, OrderType.FOK))
    expect(status == 400 and message(body) == "order couldn't be fully filled. FOK orders are fully filled or killed.", f"{status} {body}")
    clean(env)


@case("FAK with nothing to match: `no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.`")
def fak_nothing(env):
    status, body = refused(lambda: env.client(0).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.05, size=30, side="BUY"), OPTIONS, OrderType.FAK))
    expect(status == 400 and message(body).startswith("no orders found to match with FAK order"), f"{status} {body}")


@case("post-only that would cross: `invalid post-only order: order crosses book`")
def post_only_cross(env):
    ask(env, 0.45, 10)
    status, body = refused(lambda: env.client(0).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.46, size=10, side="BUY"), OPTIONS, post_only=True))
    expect(status == 400 and message(body) == "invalid post-only order: order crosses book", f"{status} {body}")
    clean(env)


@case("a price off the tick grid: `order {id} is invalid. Price (p) breaks minimum tick size rule: 0.01`")
def tick_rule(env):
    from py_clob_client_v2.clob_types import CreateOrderOptions
    client = env.client(0)
    # The client refuses a finer tick than the market's; its builder signs whatever it is given.
    order = client.builder.build_order(OrderArgsV2(token_id=env.yes, price=0.125, size=10, side="BUY"), CreateOrderOptions(tick_size="0.001", neg_risk=False))
    status, body = refused(lambda: client.post_order(order))
    expect(status == 400 and "breaks minimum tick size rule: 0.01" in message(body), f"{status} {body}")


@case("a GTC below the market minimum: `order {id} is invalid. Size (s) lower than the minimum: 5`")
def min_size(env):
    status, body = refused(lambda: env.client(0).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.10, size=2, side="BUY"), OPTIONS))
    expect(status == 400 and message(body).endswith("lower than the minimum: 5"), f"{status} {body}")


@case("GTD with an expiration inside the one-minute security threshold: `invalid expiration`")
def gtd_expiration(env):
    args = OrderArgsV2(token_id=env.yes, price=0.10, size=10, side="BUY", expiration=int(time.time()) + 30)
    status, body = refused(lambda: env.client(0).create_and_post_order(args, OPTIONS, OrderType.GTD))
    expect(status == 400 and message(body) == "invalid expiration", f"{status} {body}")


@case("more than 15 orders in POST /orders: `Too many orders in payload: 16, max allowed: 15`")
def batch_limit(env):
    client = env.client(0)
    orders = [PostOrdersV2Args(order=client.create_order(OrderArgsV2(token_id=env.yes, price=0.02, size=5 + i, side="BUY"), OPTIONS), orderType=OrderType.GTC) for i in range(16)]
    status, body = refused(lambda: client.post_orders(orders))
    expect(status == 400 and message(body) == "Too many orders in payload: 16, max allowed: 15", f"{status} {body}")


@case("an order signed with the V1 struct and domain is refused with an error containing `order_version_mismatch`")
def v1_order(env):
    client = env.client(0)
    order = client.create_order(OrderArgsV1(token_id=env.yes, price=0.10, size=10, side="BUY"), PartialCreateOrderOptions(tick_size="0.01", neg_risk=False, version=1))
    status, body = refused(lambda: client.post_order(order))
    expect(status == 400 and "order_version_mismatch" in message(body), f"{status} {body}")


@case("the order owner must be the API key: `the order owner has to be the owner of the API KEY`")
def owner_not_key(env):
    client = env.client(0)
    order = client.create_order(OrderArgsV2(token_id=env.yes, price=0.10, size=10, side="BUY"), OPTIONS)
    from py_clob_client_v2.order_utils.model.order_data_v2 import order_to_json_v2
    body = order_to_json_v2(order, "00000000-0000-0000-0000-000000000000", OrderType.GTC, False, False)
    status, answer, _ = env.l2(client, "POST", "/order", body=body)
    expect(status == 400 and message(answer) == "the order owner has to be the owner of the API KEY", f"{status} {answer}")


def create2(factory, salt, init_code_hash):
    return to_checksum_address(keccak(b"\xff" + bytes.fromhex(factory[2:]) + salt + bytes.fromhex(init_code_hash[2:]))[12:])


def proxy_wallet(eoa):
    return create2("0xaB45c5A4B0c941a2F231C04C3f49182e1A254052", keccak(bytes.fromhex(eoa[2:])),
                   "0xd21df8dc65880a8606f09fe0ce3df9b8869287ab0b058be05aa9e8af6330a00b")


def safe_wallet(eoa):
    return create2("0xaacFeEa03eb1561C4e67d661e40682Bd20E3541b", keccak(bytes(12) + bytes.fromhex(eoa[2:])),
                   "0x2bce2127ff07fb632d16c8347c4ebf501f4841168bed00d9e6ef715ddb6fcecf")


def signature_type_case(env, signature_type, derive):
    eoa = env.client(2).get_address()
    funder = derive(eoa)
    env.admin("POST", "fund", {"address": funder, "collateral": "100"})
    good = env.client(2, signature_type=signature_type, funder=funder)
    response = good.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.10, size=10, side="BUY"), OPTIONS)
    expect(response.get("success"), f"maker = derived wallet {funder}: {response}")
    balance = good.get_balance_allowance(BalanceAllowanceParams(asset_type="COLLATERAL"))
    expect(balance.get("balance") == "99000000", f"the funder of signature type {signature_type} is the derived wallet: {balance}")
    good.cancel_all()
    other = "0x" + "12" * 20
    env.admin("POST", "fund", {"address": other, "collateral": "100"})
    bad = env.client(2, signature_type=signature_type, funder=other)
    status, body = refused(lambda: bad.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.10, size=10, side="BUY"), OPTIONS))
    expect(status == 400 and message(body) == "invalid signature", f"maker not derived from the signer: {status} {body}")


@case("signature type 1 (POLY_PROXY): the maker must be the proxy wallet CREATE2-derived from the signer, else `invalid signature`")
def signature_type_proxy(env):
    signature_type_case(env, 1, proxy_wallet)


@case("signature type 2 (POLY_GNOSIS_SAFE): the maker must be the Safe CREATE2-derived from the signer, else `invalid signature`")
def signature_type_safe(env):
    signature_type_case(env, 2, safe_wallet)


@case("a maker that has not approved the exchange is refused `not enough balance / allowance`; balance-allowance reports the allowance")
def allowances(env):
    client = env.client(3)
    address = client.get_address()
    exchange = "0xE111180000d2663C0091e4f400237545B87B996B"
    before = client.get_balance_allowance(BalanceAllowanceParams(asset_type="COLLATERAL"))
    expect(int(before["allowances"].get(exchange, "0")) > 0, f"an auto-funded account is approved: {before}")
    env.admin("POST", "allowance", {"address": address, "collateral": "0", "conditional": False})
    after = client.get_balance_allowance(BalanceAllowanceParams(asset_type="COLLATERAL"))
    expect(after["allowances"].get(exchange) == "0", f"revoked allowance reported: {after}")
    status, body = refused(lambda: client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.10, size=10, side="BUY"), OPTIONS))
    expect(status == 400 and message(body) == "not enough balance / allowance", f"BUY without allowance: {status} {body}")
    env.admin("POST", "fund", {"address": address, "tokens": {env.yes: "20"}})
    status, body = refused(lambda: client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.90, size=10, side="SELL"), OPTIONS))
    expect(status == 400 and message(body) == "not enough balance / allowance", f"SELL without CTF approval: {status} {body}")
    conditional = client.get_balance_allowance(BalanceAllowanceParams(asset_type="CONDITIONAL", token_id=env.yes))
    expect(conditional.get("balance") == "20000000" and conditional["allowances"].get(exchange) == "0", f"conditional: {conditional}")
    env.admin("POST", "allowance", {"address": address, "collateral": "max", "conditional": True})
    response = client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.90, size=10, side="SELL"), OPTIONS)
    expect(response.get("success"), f"after approving again: {response}")
    client.cancel_all()


@case("trades go MATCHED → MINED → CONFIRMED and carry a transaction hash (`/data/trades`, statuses prefixed TRADE_STATUS_)")
def trade_lifecycle(env):
    client = env.client(0)
    ask(env, 0.48, 10)
    response = client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.48, size=10, side="BUY"), OPTIONS, OrderType.FOK, defer_exec=True)
    trade_id = response["tradeIDs"][0]
    seen = set()
    deadline = time.monotonic() + 10
    trade = None
    while time.monotonic() < deadline:
        trade = next(t for t in client.get_trades(TradeParams(id=trade_id)) if t["id"] == trade_id)
        seen.add(trade["status"])
        if trade["status"] == "TRADE_STATUS_CONFIRMED":
            break
        time.sleep(0.1)
    expect(trade and trade["status"] == "TRADE_STATUS_CONFIRMED", f"statuses seen: {seen}")
    expect(trade["transaction_hash"].startswith("0x") and len(trade["transaction_hash"]) == 66, f"transaction hash: {trade['transaction_hash']!r}")
    clean(env)
