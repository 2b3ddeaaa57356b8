"""Server-side rate limits (run last: they leave a window exhausted for 10 s)."""
from harness import case, expect


def burst(env, path, query, count):
    statuses, last = [], None
    for _ in range(count):
        status, body, headers = env.http("GET", path, query)
        statuses.append(status)
        last = (status, body, headers)
        if status == 429:
            break
    return statuses, last


@case("`/tick-size` allows 200 requests per 10 s; the next is 429 `Too Many Requests`")
def tick_size_limit(env):
    statuses, (status, body, headers) = burst(env, "/tick-size", {"token_id": env.yes}, 260)
    expect(status == 429 and body == {"error": "Too Many Requests"} and statuses.count(200) >= 195, f"{statuses.count(200)} answered, then {status} {body}")


@case("API-key endpoints allow 100 requests per 10 s; the next is 429")
def api_key_limit(env):
    statuses, (status, body, _) = burst(env, "/auth/derive-api-key", None, 140)
    expect(status == 429 and statuses.count(429) == 1 and len(statuses) > 95, f"{len(statuses)} requests, last {status} {body}")


@case("per-signer order bucket (Standard: burst 60, 40/s): a batch over it is 429 with `Retry-After`, refused whole; answers carry `Poly-RateLimit-Remaining/-Reset/-Tier`")
def signer_order_bucket(env):
    from py_clob_client_v2.clob_types import OrderArgsV2, OrderType, PartialCreateOrderOptions
    from py_clob_client_v2.order_utils.model.order_data_v2 import order_to_json_v2
    client = env.client(3)
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False)
    owner = client.creds.api_key
    # Signed first, so the posts go back to back: 8 batches of 15 = 120 orders against a bucket of 60.
    batches = [[order_to_json_v2(client.create_order(OrderArgsV2(token_id=env.yes, price=0.01, size=5 + b * 15 + i, side="BUY"), options), owner, OrderType.GTC, False, False)
                for i in range(15)] for b in range(8)]
    answers = [env.l2(client, "POST", "/orders", body=batch) for batch in batches]
    statuses = [status for status, _, _ in answers]
    expect(statuses[0] == 200 and 429 in statuses, f"statuses: {statuses}")
    accepted = [headers for status, _, headers in answers if status == 200]
    first = {k.lower(): v for k, v in accepted[0].items()}
    expect(first.get("poly-ratelimit-tier") == "Standard" and int(first.get("poly-ratelimit-remaining", "-1")) == 45, f"first batch's headers: {first}")
    status, body, headers = next(a for a in answers if a[0] == 429)
    lowered = {k.lower(): v for k, v in headers.items()}
    expect(int(lowered.get("retry-after", "0")) >= 1 and body == {"error": "Too Many Requests"}, f"429: {body} {lowered}")
    resting = len(client.get_open_orders())
    expect(resting == 15 * statuses.count(200), f"{resting} orders rest after {statuses.count(200)} accepted batches: a refused batch placed some")
    env.client(3).cancel_all()
