"""Neg-risk events: a second simulator serving etc/scenarios/neg-risk-event.yaml (three outcomes and an
"Other" placeholder), reached as env.negrisk."""
import json

from py_clob_client_v2.clob_types import BalanceAllowanceParams, OrderArgsV2, OrderType, PartialCreateOrderOptions
from py_clob_client_v2.exceptions import PolyApiException

from harness import case, expect

EVENT = "0x0e7e0000000000000000000000000000000000000000000000000000000000ff"
NEG_RISK = PartialCreateOrderOptions(tick_size="0.01", neg_risk=True)
STANDARD = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False)


def outcomes(env):
    """The event's markets from Gamma's /events: [(condition id, yes token, no token, is placeholder)]."""
    status, events, _ = env.negrisk.http("GET", "/gamma/events")
    expect(status == 200 and isinstance(events, list) and len(events) == 1, f"/gamma/events: {status} {events}")
    result = []
    for market in events[0]["markets"]:
        yes, no = json.loads(market["clobTokenIds"])
        result.append((market["conditionId"], yes, no, market.get("negRiskOther", False)))
    return events[0], result


@case("neg-risk: Gamma's /events lists the event with its outcome markets, each `negRisk` with the event's `negRiskMarketID`; the placeholder is `negRiskOther`")
def gamma_event(env):
    event, markets = outcomes(env)
    expect(event.get("negRisk") is True and event.get("negRiskMarketID") == EVENT and len(markets) == 4, f"event: {event}")
    status, listed, _ = env.negrisk.http("GET", "/gamma/markets", {"condition_ids": markets[0][0]})
    expect(status == 200 and listed[0].get("negRisk") is True and listed[0].get("negRiskMarketID") == EVENT, f"market: {listed}")
    expect([m[3] for m in markets].count(True) == 1, f"placeholders: {[m[3] for m in markets]}")


@case("neg-risk: `/neg-risk` is true for an outcome; an order signed for the neg-risk exchange rests, one signed for the standard exchange is refused `invalid signature`")
def neg_risk_domain(env):
    _, markets = outcomes(env)
    client = env.negrisk.client(0)
    yes = markets[0][1]
    expect(client.get_neg_risk(yes) is True, "get_neg_risk")
    response = client.create_and_post_order(OrderArgsV2(token_id=yes, price=0.05, size=10, side="BUY"), NEG_RISK)
    expect(response.get("success") and response.get("status") == "live", f"neg-risk order: {response}")
    try:
        answer = client.post_order(client.create_order(OrderArgsV2(token_id=yes, price=0.06, size=10, side="BUY"), STANDARD))
        raise AssertionError(f"an order signed for the standard exchange was accepted: {answer}")
    except PolyApiException as error:
        body = error.error_msg
        expect(error.status_code == 400 and (body.get("error") if isinstance(body, dict) else str(body)) == "invalid signature", f"{error.status_code} {body}")
    client.cancel_all()


@case("neg-risk: the outcomes' midpoints sum to about 1 (the books of one question price its outcomes consistently)")
def midpoints_sum(env):
    _, markets = outcomes(env)
    client = env.negrisk.public()
    total = sum(float(client.get_midpoint(yes)["mid"]) for _, yes, _, _ in markets)
    expect(abs(total - 1) <= 0.06, f"Σ midpoints = {total:.3f}")


@case("neg-risk: converting NO of k outcomes (NegRiskAdapter convertPositions) gives YES of every other outcome and releases (k − 1) × amount pUSD")
def convert(env):
    _, markets = outcomes(env)
    client = env.negrisk.client(2)
    address = client.get_address()
    env.negrisk.admin("POST", "fund", {"address": address, "tokens": {markets[0][2]: "10", markets[1][2]: "10"}})
    balance = lambda token: int(client.get_balance_allowance(BalanceAllowanceParams(asset_type="CONDITIONAL", token_id=token))["balance"])
    cash = lambda: int(client.get_balance_allowance(BalanceAllowanceParams(asset_type="COLLATERAL"))["balance"])
    before = cash()
    answer = env.negrisk.admin("POST", "convert", {"address": address, "event": EVENT, "markets": [markets[0][0], markets[1][0]], "amount": "4"})
    expect(answer.get("collateral") == "4", f"convert: {answer}")
    expect(balance(markets[0][2]) == 6_000_000 and balance(markets[1][2]) == 6_000_000, "NO left after the conversion")
    expect(balance(markets[2][1]) == 4_000_000 and balance(markets[3][1]) == 4_000_000, "YES of the other outcomes")
    expect(cash() - before == 4_000_000, f"collateral released: {cash() - before}")
    status, body, _ = env.negrisk.http("POST", "/admin/convert", body={"address": address, "event": EVENT, "markets": [markets[0][0]], "amount": "100"})
    expect(status == 400 and "not enough NO" in str(body), f"converting more than held: {status} {body}")


@case("taker fees on the neg-risk exchange: a fee-enabled outcome reports its rate (`/fee-rate`, `/clob-markets` fd.r) and a taker BUY pays shares × rate × p × (1 − p) on top of the price")
def taker_fee(env):
    _, markets = outcomes(env)
    condition, yes = markets[2][0], markets[2][1]
    client = env.negrisk.client(1)
    expect(client.get_fee_rate_bps(yes) == 400, f"fee rate: {client.get_fee_rate_bps(yes)}")
    status, compact, _ = env.negrisk.http("GET", "/clob-markets/" + condition)
    expect(status == 200 and abs(float(compact.get("fd", {}).get("r", 0)) - 0.04) < 1e-9, f"/clob-markets fd: {compact.get('fd')}")
    book = client.get_order_book(yes)
    asks = book["asks"] if isinstance(book, dict) else book.asks
    ask = min(float(level["price"] if isinstance(level, dict) else level.price) for level in asks)
    cash = lambda: int(client.get_balance_allowance(BalanceAllowanceParams(asset_type="COLLATERAL"))["balance"])
    before = cash()
    response = client.create_and_post_order(OrderArgsV2(token_id=yes, price=ask, size=10, side="BUY"), NEG_RISK, OrderType.FOK)
    expect(response.get("success") and response.get("status") == "matched", f"taker BUY: {response}")
    paid = before - cash()
    notional = round(10 * ask * 1_000_000)
    fee = round(10 * 0.04 * ask * (1 - ask) * 100_000) * 10
    expect(paid == notional + fee, f"paid {paid} units for 10 at {ask}: expected {notional} + fee {fee}")
