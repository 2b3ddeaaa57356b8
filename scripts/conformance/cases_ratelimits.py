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
