"""Runs every conformance case against running simulators: python run.py URL NEG_RISK_URL [name-filter …]."""
import sys

import harness
import cases_orders  # noqa: F401  (registers cases, in this order)
import cases_endpoints  # noqa: F401
import cases_websocket  # noqa: F401
import cases_ratelimits  # noqa: F401
import cases_negrisk  # noqa: F401

# python run.py URL NEG_RISK_URL [name-filter …]: the second simulator serves a neg-risk event.
url, negrisk_url, selected = sys.argv[1], sys.argv[2], sys.argv[3:]
status, markets, _ = harness.Env(url, "", "", "").http("GET", "/clob-markets/0x5eed000000000000000000000000000000000000000000000000000000000001")
tokens = [t["t"] for t in markets["t"]]
env = harness.Env(url, tokens[0], tokens[1], "0x5eed000000000000000000000000000000000000000000000000000000000001")
env.negrisk = harness.Env(negrisk_url, "", "", "")
failures = harness.run(env, selected)
total = sum(1 for name, _, _ in harness.CASES if not selected or any(s in name for s in selected))
print(f"{total - failures}/{total} conformance cases passed")
sys.exit(1 if failures else 0)
