"""Websockets: the market and user channels as documented."""
from py_clob_client_v2.clob_types import OrderArgsV2, OrderType

from harness import WebSocket, case, expect
from cases_orders import OPTIONS, ask, clean

TRADE_FIELDS = {"event_type", "type", "id", "taker_order_id", "market", "asset_id", "side", "size", "price", "fee_rate_bps", "status", "match_time",
                "last_update", "outcome", "owner", "trade_owner", "maker_address", "transaction_hash", "bucket_index", "maker_orders", "trader_side", "timestamp"}
MAKER_FIELDS = {"order_id", "owner", "maker_address", "matched_amount", "price", "fee_rate_bps", "asset_id", "outcome", "side"}


def market_socket(env, assets, custom=None):
    socket = WebSocket(env.ws + "/ws/market")
    message = {"assets_ids": assets, "type": "market"}
    if custom is not None:
        message["custom_feature_enabled"] = custom
    socket.send(message)
    return socket


@case("market channel: `book` snapshots on subscribe with the summary hash; `PING` gets `PONG`")
def book_snapshot(env):
    socket = market_socket(env, [env.yes, env.no])
    events = socket.events(1.0)
    books = [e for e in events if e.get("event_type") == "book"]
    expect({b["asset_id"] for b in books} == {env.yes, env.no} and all(len(b["hash"]) == 40 for b in books), f"snapshots: {events}")
    socket.send("PING")
    expect(socket.receive(2) == "PONG", "PONG")
    socket.close()


@case("`price_change` entries each carry the book hash, best_bid and best_ask")
def price_change_hash(env):
    socket = market_socket(env, [env.yes])
    socket.events(0.5)
    env.client(1).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.21, size=10, side="BUY"), OPTIONS)
    changes = [c for e in socket.events(1.0) if e.get("event_type") == "price_change" for c in e["price_changes"]]
    expect(changes and all(len(c.get("hash", "")) == 40 and "best_bid" in c and "best_ask" in c for c in changes), f"price changes: {changes}")
    socket.close()
    clean(env)


@case("`best_bid_ask` goes only to subscriptions with custom_feature_enabled")
def best_bid_ask_custom(env):
    plain = market_socket(env, [env.yes])
    custom = market_socket(env, [env.yes], custom=True)
    plain.events(0.5), custom.events(0.5)
    env.client(1).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.22, size=10, side="BUY"), OPTIONS)
    with_custom = [e for e in custom.events(1.0) if e.get("event_type") == "best_bid_ask"]
    without = [e for e in plain.events(0.5) if e.get("event_type") == "best_bid_ask"]
    expect(with_custom and with_custom[-1]["best_bid"] == "0.22" and not without, f"custom: {with_custom}, plain: {without}")
    plain.close(), custom.close()
    clean(env)


@case("market channel: `operation: subscribe` adds assets (with snapshots), `operation: unsubscribe` removes them, on the open connection")
def market_operations(env):
    socket = market_socket(env, [env.yes])
    socket.events(0.5)
    socket.send({"operation": "subscribe", "assets_ids": [env.no]})
    books = [e for e in socket.events(1.0) if e.get("event_type") == "book"]
    expect([b["asset_id"] for b in books] == [env.no], f"snapshot of the added asset: {books}")
    socket.send({"operation": "unsubscribe", "assets_ids": [env.yes]})
    socket.events(0.3)
    env.client(1).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.23, size=10, side="BUY"), OPTIONS)
    assets = {c["asset_id"] for e in socket.events(1.0) if e.get("event_type") == "price_change" for c in e["price_changes"]}
    expect(assets == {env.no}, f"after unsubscribing YES only NO changes arrive: {assets}")
    socket.close()
    clean(env)


def user_socket(env, index, markets):
    creds = env.client(index).creds
    socket = WebSocket(env.ws + "/ws/user")
    socket.send({"auth": {"apiKey": creds.api_key, "secret": creds.api_secret, "passphrase": creds.api_passphrase}, "markets": markets, "type": "user"})
    return socket


@case("user channel: `trade` events carry every documented field (trade_owner included) and `order` events their fields")
def user_trade_fields(env):
    maker = user_socket(env, 1, [env.condition])
    taker = user_socket(env, 0, [env.condition])
    ask(env, 0.44, 10)
    env.client(0).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.44, size=10, side="BUY"), OPTIONS, OrderType.FOK, defer_exec=True)
    maker_events, taker_events = maker.events(1.0), taker.events(0.5)
    trades = [e for e in maker_events + taker_events if e.get("event_type") == "trade"]
    expect(trades, f"no trade events: {maker_events + taker_events}")
    for trade in trades:
        missing = TRADE_FIELDS - set(trade)
        expect(not missing, f"trade event lacks {missing}")
        expect(all(not (MAKER_FIELDS - set(m)) for m in trade["maker_orders"]), f"maker order fields: {trade['maker_orders']}")
    maker_view = next(t for t in trades if t in maker_events)
    expect(maker_view["trade_owner"] == env.client(1).creds.api_key and maker_view["trader_side"] == "MAKER", f"maker's view: {maker_view}")
    orders = [e for e in maker_events if e.get("event_type") == "order"]
    expect(orders and all({"id", "type", "status", "owner", "order_owner", "original_size", "size_matched"} <= set(o) for o in orders), f"order events: {orders}")
    maker.close(), taker.close()
    clean(env)


@case("user channel: `operation: subscribe|unsubscribe` with `markets` changes the filter on the open connection")
def user_operations(env):
    socket = user_socket(env, 1, ["0x" + "00" * 32])
    env.client(1).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.24, size=10, side="BUY"), OPTIONS)
    expect(not socket.events(0.5), "filtered out before subscribing")
    socket.send({"operation": "subscribe", "markets": [env.condition]})
    socket.events(0.3)
    env.client(1).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.25, size=10, side="BUY"), OPTIONS)
    expect([e for e in socket.events(1.0) if e.get("event_type") == "order"], "order events after subscribing")
    socket.send({"operation": "unsubscribe", "markets": [env.condition]})
    socket.events(0.3)
    env.client(1).create_and_post_order(OrderArgsV2(token_id=env.yes, price=0.26, size=10, side="BUY"), OPTIONS)
    expect(not socket.events(0.5), "nothing after unsubscribing")
    socket.close()
    clean(env)
