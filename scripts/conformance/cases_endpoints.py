"""Public market data (no authentication) and auth housekeeping."""
import time

from py_clob_client_v2.clob_types import BookParams, OrderArgsV2, OrderType, PartialCreateOrderOptions, PricesHistoryParams
from py_clob_client_v2.exceptions import PolyApiException

from harness import KEYS, case, expect
from cases_orders import OPTIONS, ask, clean, message, refused


def with_trade(env):
    """A resting bid and ask around 0.50 and one trade at 0.52, so prices, spreads and last trades exist."""
    ask(env, 0.52, 10)
    ask(env, 0.55, 10)
    env.client(1).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.47, size=10, side="BUY"), OPTIONS)
    env.client(0).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.52, size=10, side="BUY"), OPTIONS, OrderType.FOK, defer_exec=True)


@case("health, server time (integer seconds) and version ({\"version\": 2}) are public")
def basics(env):
    c = env.public()
    expect(c.get_ok() == "OK", f"/ok: {c.get_ok()!r}")
    expect(abs(int(c.get_server_time()) - time.time()) < 5, "time")
    expect(c.get_version() == 2, "version")


@case("book(s), midpoint(s), price(s), spread(s) and last trade price(s) answer without authentication in the documented shapes")
def prices(env):
    with_trade(env)
    c = env.public()
    book = c.get_order_book(env.yes)
    expect(book["asset_id"] == env.yes and book["hash"] and book["bids"] and book["asks"], f"book: {book}")
    expect(c.get_order_book_hash(dict(book)) == book["hash"], f"the client's own summary hash of the book: {book}")
    books = c.get_order_books([BookParams(token_id=env.yes), BookParams(token_id=env.no)])
    expect(isinstance(books, list) and len(books) == 2, f"books: {books}")
    expect(c.get_midpoint(env.yes) == {"mid": "0.51"}, f"midpoint: {c.get_midpoint(env.yes)}")
    expect(c.get_midpoints([BookParams(token_id=env.yes)]) == {env.yes: "0.51"}, "midpoints")
    expect(c.get_price(env.yes, "BUY") == {"price": "0.55"} and c.get_price(env.yes, "SELL") == {"price": "0.47"}, f"price: {c.get_price(env.yes, 'BUY')}")
    prices = c.get_prices([BookParams(token_id=env.yes, side="BUY"), BookParams(token_id=env.no, side="SELL")])
    expect(prices == {env.yes: {"BUY": "0.55"}, env.no: {"SELL": "0.45"}}, f"prices: {prices}")
    expect(c.get_spread(env.yes) == {"spread": "0.08"}, f"spread: {c.get_spread(env.yes)}")
    expect(c.get_spreads([BookParams(token_id=env.yes)]) == {env.yes: "0.08"}, f"spreads: {c.get_spreads([BookParams(token_id=env.yes)])}")
    last = c.get_last_trade_price(env.yes)
    expect(last == {"price": "0.52", "side": "BUY"}, f"last trade price: {last}")
    lasts = c.get_last_trades_prices([BookParams(token_id=env.yes), BookParams(token_id=env.no)])
    expect(isinstance(lasts, list) and {x["token_id"]: x["price"] for x in lasts} == {env.yes: "0.52", env.no: "0.48"}, f"last trades prices: {lasts}")
    clean(env)


@case("prices history: {\"history\": [{\"t\": seconds, \"p\": number}]}; interval or both timestamps required")
def prices_history(env):
    c = env.public()
    history = c.get_prices_history(PricesHistoryParams(market=env.yes, interval="1h"))
    expect(isinstance(history.get("history"), list) and history["history"], f"history: {history}")
    point = history["history"][-1]
    expect(isinstance(point["t"], int) and isinstance(point["p"], (int, float)), f"point: {point}")
    status, body, _ = env.http("GET", "/prices-history", {"market": env.yes})
    expect(status == 400, f"no interval and no timestamps: {status} {body}")


@case("tick size (query and path forms), neg risk, fee rate (query and path forms) are public")
def parameters(env):
    c = env.public()
    expect(c.get_tick_size(env.yes) == "0.01" and c.get_neg_risk(env.yes) is False and c.get_fee_rate_bps(env.yes) == 0, "tick/neg-risk/fee")
    for path in (f"/tick-size/{env.yes}", f"/fee-rate/{env.yes}"):
        status, body, _ = env.http("GET", path)
        expect(status == 200 and isinstance(body, dict), f"{path}: {status} {body}")
    status, body, _ = env.http("GET", "/tick-size", {"token_id": "123"})
    expect(status == 404 and "No orderbook exists" in message(body), f"unknown token: {status} {body}")


@case("markets: CLOB /markets in its paginated envelope, /markets/{condition_id}, simplified and sampling variants, markets-by-token, clob-markets")
def markets(env):
    c = env.public()
    page = c.get_markets()
    expect(set(page) >= {"limit", "count", "next_cursor", "data"} and page["next_cursor"] == "LTE=", f"/markets envelope: {list(page)[:6]}")
    market = next(m for m in page["data"] if m["condition_id"] == env.condition)
    expect({t["token_id"] for t in market["tokens"]} == {env.yes, env.no} and market["minimum_tick_size"] == 0.01, f"market: {market}")
    expect(c.get_market(env.condition)["condition_id"] == env.condition, "market by condition id")
    for call in (c.get_simplified_markets, c.get_sampling_markets, c.get_sampling_simplified_markets):
        result = call()
        expect(any(m["condition_id"] == env.condition for m in result["data"]), f"{call.__name__}: {result}")
    status, body, _ = env.http("GET", f"/markets-by-token/{env.no}")
    expect(status == 200 and body.get("condition_id") == env.condition, f"markets-by-token: {status} {body}")
    info = c.get_clob_market_info(env.condition)
    expect(info["mts"] == 0.01 and len(info["t"]) == 2, f"clob-markets: {info}")
    status, body, _ = env.http("GET", "/markets/0x" + "00" * 32)
    expect(status == 404, f"unknown market: {status} {body}")


@case("current reward configurations and a market's raw rewards are public and paginated")
def rewards(env):
    c = env.public()
    current = c.get_current_rewards()
    entry = next(r for r in current if r["condition_id"] == env.condition)
    expect(float(entry["rewards_max_spread"]) == 3 and float(entry["rewards_min_size"]) == 20 and entry["rewards_config"], f"current: {entry}")
    raw = c.get_raw_rewards_for_market(env.condition)
    expect(raw and raw[0]["condition_id"] == env.condition, f"raw: {raw}")


@case("API keys: create with a used nonce fails (`Could not create api key`), derive returns it, list, delete → the key stops working")
def api_keys(env):
    client = env.client(3)
    created = client.create_api_key(nonce=7)
    status, body = refused(lambda: client.create_api_key(nonce=7))
    expect(status == 400 and message(body) == "Could not create api key", f"nonce reused: {status} {body}")
    derived = client.derive_api_key(nonce=7)
    expect(derived.api_key == created.api_key, "derive returns the created key")
    status, body = refused(lambda: client.derive_api_key(nonce=8))
    expect(status == 400 and message(body) == "Could not derive api key!", f"derive with an unused nonce: {status} {body}")
    from py_clob_client_v2.client import ClobClient
    other = ClobClient(env.url, chain_id=137, key=KEYS[3], creds=created)
    keys = other.get_api_keys()
    expect(created.api_key in keys.get("apiKeys", []), f"list: {keys}")
    expect(other.delete_api_key() == "OK", "delete answers OK")
    status, body = refused(other.get_api_keys)
    expect(status == 401 and message(body) == "Unauthorized/Invalid api key", f"deleted key: {status} {body}")


@case("bad L1 headers: 401 `Invalid L1 Request headers`; bad L2: 401 `Unauthorized/Invalid api key`")
def auth_errors(env):
    status, body, _ = env.http("POST", "/auth/api-key", headers={"POLY_ADDRESS": "0x" + "11" * 20, "POLY_SIGNATURE": "0x00", "POLY_TIMESTAMP": "1", "POLY_NONCE": "0"})
    expect(status == 401 and message(body) == "Invalid L1 Request headers", f"L1: {status} {body}")
    status, body, _ = env.http("GET", "/data/orders", headers={"POLY_API_KEY": "nope"})
    expect(status == 401 and message(body) == "Unauthorized/Invalid api key", f"L2: {status} {body}")


@case("closed-only status {\"closed_only\": false}, pre-migration orders, notifications (get, drop)")
def housekeeping(env):
    client = env.client(0)
    expect(client.get_closed_only_mode() == {"closed_only": False}, f"closed-only: {client.get_closed_only_mode()}")
    expect(client.get_pre_migration_orders() == [], "pre-migration orders: none in a V2-only venue")
    notifications = client.get_notifications()
    expect(isinstance(notifications, list), f"notifications: {notifications}")
    from py_clob_client_v2.clob_types import DropNotificationParams
    client.drop_notifications(DropNotificationParams(ids=["1"]))


@case("readonly API keys: create, list, delete")
def readonly_keys(env):
    client = env.client(0)
    created = client.create_readonly_api_key()
    key = created.get("apiKey") if isinstance(created, dict) else None
    expect(key, f"create: {created}")
    expect(key in client.get_readonly_api_keys(), f"list: {client.get_readonly_api_keys()}")
    client.delete_readonly_api_key(key)
    expect(key not in client.get_readonly_api_keys(), "deleted")


@case("heartbeats: \"\" starts a chain, the returned id continues it, a wrong id is 400 with the expected id")
def heartbeats(env):
    client = env.client(2)
    first = client.post_heartbeat("")
    second = client.post_heartbeat(first["heartbeat_id"])
    expect(second.get("heartbeat_id"), f"chained: {second}")
    try:
        client.post_heartbeat("wrong")
        raise AssertionError("a wrong id was accepted")
    except PolyApiException as error:
        expect(error.status_code == 400 and error.error_msg.get("heartbeat_id") == second["heartbeat_id"], f"{error.status_code} {error.error_msg}")
    # This key's switch lapses 10 s later; later cases rest no order of this key beyond that.


@case("balance-allowance: balance in base units, allowances keyed by both V2 exchanges; /update answers the same")
def balance_allowance(env):
    from py_clob_client_v2.clob_types import BalanceAllowanceParams
    client = env.client(0)
    answer = client.get_balance_allowance(BalanceAllowanceParams(asset_type="COLLATERAL"))
    expect(answer["balance"].isdigit(), f"balance: {answer}")
    expect({"0xE111180000d2663C0091e4f400237545B87B996B", "0xe2222d279d744050d28e00520010520000310F59"} <= set(answer["allowances"]), f"allowances: {answer}")
    update = client.update_balance_allowance(BalanceAllowanceParams(asset_type="COLLATERAL"))
    expect(update == answer or isinstance(update, (dict, str)), f"update: {update}")
    status, body = refused(lambda: client.get_balance_allowance(BalanceAllowanceParams(asset_type="NOPE")))
    expect(status == 400 and message(body) == "Invalid asset type", f"{status} {body}")


@case("builder API keys (create, list, revoke), builder trades and builder fee rates")
def builder(env):
    client = env.client(0)
    created = client.create_builder_api_key()
    expect(created.get("key") and created.get("secret") and created.get("passphrase"), f"create: {created}")
    expect(any(k["key"] == created["key"] for k in client.get_builder_api_keys()), "list")
    client.revoke_builder_api_key()
    expect(not client.get_builder_api_keys(), "revoked")
    status, body, _ = env.http("GET", "/builder/trades", {"builder_code": "0x" + "00" * 32})
    expect(status == 200 and body.get("data") == [], f"builder trades: {status} {body}")
    status, body, _ = env.http("GET", "/fees/builder-fees/0x" + "00" * 32)
    expect(status == 200 and body == {"builder_maker_fee_rate_bps": 0, "builder_taker_fee_rate_bps": 0}, f"builder fees: {body}")


@case("trades filter by id, market, asset, maker_address, before and after")
def trade_filters(env):
    from py_clob_client_v2.clob_types import TradeParams
    client = env.client(0)
    trades = client.get_trades()
    expect(trades, "earlier cases traded")
    first = trades[0]
    match_time = int(first["match_time"])
    expect(any(t["id"] == first["id"] for t in client.get_trades(TradeParams(before=match_time))), "before includes its second")
    expect(not client.get_trades(TradeParams(before=match_time - 3600)), "nothing an hour before the first trade")
    expect(all(t["id"] != first["id"] for t in client.get_trades(TradeParams(maker_address="0x" + "99" * 20))), "maker_address filters")


@case("closed-only and banned accounts: `/auth/ban-status/closed-only` says so; a closed-only BUY is `'<addr>' address in closed only mode`, a SELL of what it holds passes; a banned account's order is `'<addr>' address banned`")
def account_restrictions(env):
    from py_clob_client_v2.clob_types import OrderArgsV2, PartialCreateOrderOptions
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False)
    client = env.client(1)
    address = client.get_address()
    try:
        env.admin("POST", "account-status", {"address": address, "status": "closed-only"})
        status, body, _ = env.l2(client, "GET", "/auth/ban-status/closed-only")
        expect(status == 200 and body == {"closed_only": True}, f"ban status: {status} {body}")
        status, answer = refused(lambda: client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.10, size=10, side="BUY"), options))
        expect(status == 400 and message(answer) == f"'{address}' address in closed only mode", f"closed-only BUY: {status} {answer}")
        env.admin("POST", "fund", {"address": address, "tokens": {env.yes: "10"}})
        sold = client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.95, size=10, side="SELL"), options)
        expect(sold.get("success"), f"closed-only SELL of held tokens: {sold}")
        client.cancel_all()
        env.admin("POST", "account-status", {"address": address, "status": "banned"})
        status, answer = refused(lambda: client.create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.95, size=10, side="SELL"), options))
        expect(status == 400 and message(answer) == f"'{address}' address banned", f"banned SELL: {status} {answer}")
    finally:
        env.admin("POST", "account-status", {"address": address, "status": "ok"})
