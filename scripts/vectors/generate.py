"""Writes the golden vectors the Swift tests compare against, computed by the official Python client.

Usage: python generate.py OUTPUT_DIR   (run by scripts/generate-vectors inside a pinned venv)

Every expected value comes from py-clob-client-v2 1.2.1 (and the libraries it signs with: eth-account,
eth-utils, eth-abi, poly-eip712-structs), called offline with the fixed inputs of cases.py. Output is
deterministic (RFC 6979 signatures, fixed salts and clocks), so a re-run writes byte-identical files.

Not produced here, because the official client has no function for it:
- ctf_position_ids (Gnosis CTHelpers collection/position ids: alt_bn128 point arithmetic). The Swift test
  for it reads ../shared/vectors/ when that folder is present and is skipped otherwise.
- the V1 kinds (order_v1, order_v1_raw, post_orders_batch_v1, market_order_amounts_v1): V1 signing is
  dead and the Swift tests skip them anyway.
ctf_condition_id and function_selector use eth_utils.keccak / eth_abi (the client's own hashing and ABI
libraries): the client has no CTF helper, but the hash is the one it uses everywhere.
"""

import dataclasses
import json
import os
import sys
from decimal import Decimal
from importlib.metadata import version

from eth_abi.packed import encode_packed
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak

import py_clob_client_v2.order_builder.builder as builder_module
import py_clob_client_v2.order_utils.exchange_order_builder_v2 as v2
from py_clob_client_v2.clob_types import (ApiCreds, BalanceAllowanceParams, MarketOrderArgsV2, OpenOrderParams,
                                          OrderArgsV2, OrderBookSummary, OrderMarketCancelParams, OrderPayload,
                                          OrderScoringParams, OrdersScoringParams, OrderSummary, PartialCreateOrderOptions,
                                          PostOrdersV2Args, TradeParams)
from py_clob_client_v2.config import get_contract_config
from py_clob_client_v2.headers.headers import create_level_1_headers
from py_clob_client_v2.order_builder.builder import ROUNDING_CONFIG, OrderBuilder
from py_clob_client_v2.signer import Signer
from py_clob_client_v2.signing.eip712 import MSG_TO_SIGN, get_clob_auth_domain, sign_clob_auth_message
from py_clob_client_v2.signing.hmac import build_hmac_signature
from py_clob_client_v2.signing.model import ClobAuth
from py_clob_client_v2.utilities import generate_orderbook_summary_hash

import cases as C
import exact
from offline import OfflineClient, fixed_order, last_hmac_message, last_sha1_input

PACKAGES = ["py_clob_client_v2", "py_order_utils", "poly_eip712_structs", "eth-account", "eth-abi", "eth-utils", "hexbytes"]
SIGNATURE_TYPE_NAMES = {0: "EOA", 1: "POLY_PROXY", 2: "POLY_GNOSIS_SAFE", 3: "POLY_1271"}
ADDRESS1 = Account.from_key(C.KEY1).address


def hx(data):
    return "0x" + bytes(data).hex()


def source(*functions):
    return {"package": "py-clob-client-v2", "version": version("py_clob_client_v2"), "functions": list(functions)}


def exchange_for(chain, neg_risk, exchange_version=2):
    config = get_contract_config(chain)
    if exchange_version == 3:
        return config.exchange_v3
    return config.neg_risk_exchange_v2 if neg_risk else config.exchange_v2


def request_http(sent, message):
    body = sent["body"]
    return {"method": sent["method"], "path": sent["path"], "query_params": sent["params"] or None,
            "body": body if isinstance(body, str) else None, "headers": sent["headers"], "hmac_message": message}


# ---------- orders ----------

def sign_order(client, inputs):
    """Builds and signs one order through ClobClient.create_order / create_market_order."""
    options = PartialCreateOrderOptions(tick_size=inputs["tick_size"], neg_risk=inputs["neg_risk"])
    meta, builder = inputs.get("metadata") or C.ZERO32, inputs.get("builder") or C.ZERO32
    client.market_token, client.market_tick, client.market_neg_risk = inputs["token_id"], inputs["tick_size"], inputs["neg_risk"]
    with fixed_order(inputs["salt"], inputs["timestamp_ms"]):
        if inputs.get("market_order"):
            args = MarketOrderArgsV2(token_id=inputs["token_id"], amount=inputs["amount"], side=inputs["side"], price=inputs["price"],
                                     order_type=inputs["order_type"], builder_code=builder, metadata=meta)
            return client.create_market_order(args, options)
        args = OrderArgsV2(token_id=inputs["token_id"], price=inputs["price"], size=inputs["size"], side=inputs["side"],
                           expiration=int(inputs["expiration"]), builder_code=builder, metadata=meta)
        return client.create_order(args, options)


def order_expectation(signed, chain, neg_risk, tick):
    """Everything the client computes about a signed order: amounts, EIP-712 hashes, signature."""
    exchange = exchange_for(chain, neg_risk)
    order_builder = v2.ExchangeOrderBuilderV2(exchange, chain, Signer(C.KEY1, chain))
    order_fields = {k: v for k, v in dataclasses.asdict(signed).items() if k != "signature"}
    order = v2.OrderV2(**order_fields)
    typed = order_builder.build_order_typed_data(order)
    encoded = encode_typed_data(full_message=typed)
    digest = order_builder.build_order_hash(typed)
    signed_order = dict(order_fields, side=int(signed.side), signatureType=int(signed.signatureType), salt=str(signed.salt))
    out = {
        "round_config": dataclasses.asdict(ROUNDING_CONFIG[tick]),
        "makerAmount": signed.makerAmount, "takerAmount": signed.takerAmount,
        "signed_order": signed_order, "exchange_address": exchange, "domain": typed["domain"],
        "domain_separator": hx(encoded.header), "struct_hash": hx(encoded.body),
        "digest": digest, "expected_order_id": digest, "signature": signed.signature,
    }
    signature = bytes.fromhex(signed.signature[2:])
    if int(signed.signatureType) == 3:
        out["poly1271"] = poly1271_expectation(order_builder, typed, encoded.body, signature, chain)
    else:
        out["signature_recovers_to"] = Account._recover_hash(bytes.fromhex(digest[2:]), signature=signature)
        out["signature_v"] = signature[64]
    return out


def poly1271_expectation(order_builder, typed, contents_hash, signature, chain):
    """The ERC-7739 wrapping, recomputed with the client's own constants, checked against its signature."""
    message = typed["message"]
    wrapped = keccak(primitive=v2.abi_encode(
        ["bytes32", "bytes32", "bytes32", "bytes32", "uint256", "address", "bytes32"],
        [v2.SOLADY_TYPE_HASH, contents_hash, v2.DEPOSIT_WALLET_NAME_HASH, v2.DEPOSIT_WALLET_VERSION_HASH, chain,
         message["signer"], v2.DEPOSIT_WALLET_DOMAIN_SALT]))
    inner_digest = keccak(primitive=b"\x19\x01" + order_builder.app_domain_separator + wrapped)
    inner = signature[:65]
    assert signature[65:97] == order_builder.app_domain_separator and signature[97:129] == contents_hash, "1271 layout"
    return {
        "typed_data_sign_type_string": v2.SOLADY_TYPE_STRING, "typed_data_sign_typehash": hx(v2.SOLADY_TYPE_HASH),
        "wallet_domain": {"name": "DepositWallet", "version": "1", "chainId": chain, "verifyingContract": message["signer"],
                          "salt": hx(v2.DEPOSIT_WALLET_DOMAIN_SALT)},
        "typed_data_sign_struct_hash": hx(wrapped), "inner_digest": hx(inner_digest), "inner_signature": hx(inner),
        "inner_signature_recovers_to": Account._recover_hash(inner_digest, signature=inner),
        "layout": "innerSig(65) || appDomainSeparator(32) || contentsHash(32) || bytes(ORDER_TYPE_STRING) || uint16be(len(ORDER_TYPE_STRING))",
        "signature_length_bytes": len(signature), "contents_type_length": len(v2.ORDER_TYPE_STRING),
    }


def v2_order_case(row):
    (cid, chain, sig_type, funder, token, side, price, tick, neg_risk, salt, ts, meta, builder, order_type, expiration,
     post_only, defer, l2_ts, market, quantity) = row
    key, secret, passphrase = C.CREDS_A
    inputs = {"private_key": C.KEY1, "signer_eoa": ADDRESS1, "chain_id": chain, "signature_type": sig_type,
              "signature_type_name": SIGNATURE_TYPE_NAMES[sig_type], "funder": funder, "token_id": token, "side": side,
              "price": price, "tick_size": tick, "neg_risk": neg_risk, "salt": salt, "timestamp_ms": ts,
              "metadata": meta or C.ZERO32, "builder": builder or C.ZERO32, "order_type": order_type, "expiration": expiration,
              "post_only": post_only, "defer_exec": defer, "api_key_owner": key, "api_secret": secret,
              "api_passphrase": passphrase, "l2_timestamp": l2_ts, "market_order": market}
    inputs["amount" if market else "size"] = quantity
    if market:
        inputs["amount_unit"] = "pUSD to spend" if side == "BUY" else "shares to sell"
    client = OfflineClient(chain, key=C.KEY1, creds=ApiCreds(key, secret, passphrase), signature_type=sig_type, funder=funder)
    signed = sign_order(client, inputs)
    expected = order_expectation(signed, chain, neg_risk, tick)
    client.fixed_timestamp = int(l2_ts)
    client.post_order(signed, order_type, post_only, defer)
    expected["http"] = request_http(client.last_authenticated(), last_hmac_message())
    functions = ["ClobClient.create_market_order" if market else "ClobClient.create_order", "ClobClient.post_order"]
    return {"id": cid, "kind": "order_v2", "source": source(*functions), "inputs": inputs, "expected": expected}


def batch_case():
    key, secret, passphrase = C.CREDS_A
    shared = {"private_key": C.KEY1, "signer_eoa": ADDRESS1, "chain_id": 137, "signature_type": 0, "funder": None,
              "api_key_owner": key, "api_secret": secret, "api_passphrase": passphrase, "l2_timestamp": C.BATCH["l2_timestamp"],
              "post_only": C.BATCH["post_only"], "defer_exec": C.BATCH["defer_exec"]}
    client = OfflineClient(137, key=C.KEY1, creds=ApiCreds(key, secret, passphrase), signature_type=0)
    orders, posts = [], []
    for token, side, price, size, tick, neg_risk, salt, ts, order_type, expiration in C.BATCH["orders"]:
        inputs = {"token_id": token, "side": side, "price": price, "size": size, "tick_size": tick, "neg_risk": neg_risk,
                  "salt": salt, "timestamp_ms": ts, "order_type": order_type, "expiration": expiration}
        signed = sign_order(client, inputs)
        orders.append({"inputs": inputs, "expected": order_expectation(signed, 137, neg_risk, tick)})
        posts.append(PostOrdersV2Args(order=signed, orderType=order_type))
    client.fixed_timestamp = int(C.BATCH["l2_timestamp"])
    client.post_orders(posts, C.BATCH["post_only"], C.BATCH["defer_exec"])
    http = request_http(client.last_authenticated(), last_hmac_message())
    return {"id": "post-orders-batch-key1-eoa", "kind": "post_orders_batch_v2",
            "source": source("ClobClient.create_order", "ClobClient.post_orders"), "inputs": shared, "orders": orders,
            "expected": {"http": http}}


# ---------- auth ----------

def clob_auth(chain, timestamp, nonce):
    signer = Signer(C.KEY1, chain)
    domain = get_clob_auth_domain(chain)
    message = ClobAuth(address=signer.address(), timestamp=str(timestamp), nonce=nonce, message=MSG_TO_SIGN)
    return {
        "domain": {"name": "ClobAuthDomain", "version": "1", "chainId": chain},
        "domain_type_string": domain.encode_type(), "clob_auth_type_string": ClobAuth.encode_type(),
        "message": {"address": signer.address(), "timestamp": str(timestamp), "nonce": nonce, "message": MSG_TO_SIGN},
        "domain_separator": hx(domain.hash_struct()), "struct_hash": hx(message.hash_struct()),
        "digest": hx(keccak(message.signable_bytes(domain))),
        "signature": sign_clob_auth_message(signer, timestamp, nonce),
        "headers": create_level_1_headers(signer, nonce=nonce, timestamp=timestamp),
    }


def l1_inputs(chain, timestamp, nonce):
    return {"private_key": C.KEY1, "address": ADDRESS1, "chain_id": chain, "timestamp": timestamp, "nonce": nonce}


def hmac_result(secret, timestamp, method, path, body):
    signature = build_hmac_signature(secret, timestamp, method, path, body)
    return last_hmac_message(), signature


def l2_request_case(cid, method, l2_ts, argument):
    key, secret, passphrase = C.CREDS_A
    client = OfflineClient(137, key=C.KEY1, creds=ApiCreds(key, secret, passphrase), signature_type=0)
    client.fixed_timestamp = int(l2_ts)
    kind, value = argument
    call = getattr(client, method)
    if kind == "heartbeat":
        call(value)
    elif kind == "order_payload":
        call(OrderPayload(orderID=value))
    elif kind == "ids":
        call(value)
    elif kind == "none":
        call()
    elif kind == "market_cancel":
        call(OrderMarketCancelParams(market=value[0], asset_id=value[1]))
    elif kind == "open_orders":
        call(OpenOrderParams(market=value), only_first_page=True)
    elif kind == "trades":
        call(TradeParams(asset_id=value[0], after=value[1]), only_first_page=True)
    elif kind == "balance":
        call(BalanceAllowanceParams(asset_type=value[0], token_id=value[1]))
    elif kind == "order_scoring":
        call(OrderScoringParams(orderId=value))
    elif kind == "orders_scoring":
        call(OrdersScoringParams(orderIds=value))
    inputs = {"private_key": C.KEY1, "signer_eoa": ADDRESS1, "signature_type": 0, "funder": None, "api_key": key,
              "api_secret": secret, "api_passphrase": passphrase, "l2_timestamp": l2_ts}
    http = request_http(client.last_authenticated(), last_hmac_message())
    return {"id": cid, "kind": "l2_request", "source": source("ClobClient." + method), "inputs": inputs, "expected": {"http": http}}


# ---------- amounts ----------

def amounts_case():
    rows = []
    builder = OrderBuilder(signer=None)
    for market, side, price, tick, quantity in C.AMOUNT_ROWS:
        config = ROUNDING_CONFIG[tick]
        compute = builder.get_market_order_amounts if market else builder.get_order_amounts
        _, maker, taker = compute(side, quantity, price, config)
        row = {"market_order": market, "side": side, "price": price, "tick_size": tick, "makerAmount": str(maker),
               "takerAmount": str(taker), ("amount" if market else "size"): quantity,
               "price_on_tick_grid": Decimal(str(price)) % Decimal(tick) == 0}
        exact_maker, exact_taker = exact.amounts(builder, market, side, quantity, price, config)
        if (exact_maker, exact_taker) != (maker, taker):
            row["differs_from_exact_decimal"] = {"makerAmount": str(exact_maker), "takerAmount": str(exact_taker)}
        rows.append(row)
    note = ("Python float semantics (IEEE-754 binary64, Python round() = half-to-even, repr()-based decimal_places). "
            "'differs_from_exact_decimal' (present only when different) is the result of the client's same rules evaluated "
            "in exact decimal arithmetic (see scripts/vectors/exact.py); the py-clob-client-v2 value is makerAmount/takerAmount.")
    return {"id": "order-amounts-table", "kind": "order_amounts",
            "source": source("order_builder.builder.OrderBuilder.get_order_amounts",
                             "order_builder.builder.OrderBuilder.get_market_order_amounts"),
            "note": note, "rows": rows}


# ---------- files ----------

def v2_document():
    cases = [{"id": "keccak256-strings", "kind": "keccak256", "source": source("eth_utils.keccak (as used by the client)"),
              "rows": [{"input": text, "keccak256": hx(keccak(text=text))} for text in C.KECCAK_STRINGS]}]
    rows = []
    for chain in (137, 80002):
        for contract, neg_risk, exchange_version in (("exchange_v2", False, 2), ("neg_risk_exchange_v2", True, 2), ("exchange_v3", False, 3)):
            address = exchange_for(chain, neg_risk, exchange_version)
            builder = v2.ExchangeOrderBuilderV2(address, chain, Signer(C.KEY1, chain), domain_version=str(exchange_version))
            rows.append({"contract": contract, "domain": {"name": v2.CTF_EXCHANGE_V2_DOMAIN_NAME, "version": str(exchange_version),
                                                           "chainId": chain, "verifyingContract": address},
                         "domain_separator": hx(builder.app_domain_separator)})
    cases.append({"id": "exchange-domain-separators", "kind": "eip712_domain_separator",
                  "source": source("ExchangeOrderBuilderV2.__init__ (app_domain_separator)", "config.get_contract_config"), "rows": rows})
    for cid, chain, timestamp, nonce in C.V2_L1:
        cases.append({"id": cid, "kind": "l1_clob_auth", "source": source("headers.create_level_1_headers", "signing.eip712.sign_clob_auth_message"),
                      "inputs": l1_inputs(chain, timestamp, nonce), "expected": clob_auth(chain, timestamp, nonce)})
    orders = [v2_order_case(row) for row in C.V2_ORDERS]
    cases += orders
    cases.append(batch_case())
    for cid, secret, timestamp, method, path, body in C.V2_HMAC:
        if body == "<first order body>":
            body = orders[0]["expected"]["http"]["body"]
        message, signature = hmac_result(secret, timestamp, method, path, body)
        cases.append({"id": cid, "kind": "l2_hmac", "source": source("signing.hmac.build_hmac_signature"),
                      "inputs": {"secret": secret, "timestamp": timestamp, "method": method, "request_path": path, "body": body},
                      "expected": {"hmac_message": message, "signature": signature}})
    cases += [l2_request_case(*row) for row in C.V2_REQUESTS]
    cases.append(amounts_case())
    return document("Polymarket CLOB V2 golden vectors", cases)


def common_order_case(row):
    (cid, token, price, size, side, tick, neg_risk, sig_type, salt, ts, funder, expiration, builder, order_type, post_only,
     creds, header_ts) = row
    inputs = {"private_key": C.KEY1, "chain_id": 137, "token_id": token, "price": price, "size": size, "side": side,
              "tick_size": tick, "neg_risk": neg_risk, "signature_type": sig_type, "salt": salt, "timestamp_ms": ts,
              "signer_address": ADDRESS1, "funder": funder, "expiration": expiration, "builder_code": builder,
              "metadata": C.ZERO32, "order_type": order_type, "post_only": post_only}
    client = OfflineClient(137, key=C.KEY1, creds=ApiCreds(*creds), signature_type=sig_type, funder=funder)
    signed = sign_order(client, dict(inputs, builder=builder))
    full = order_expectation(signed, 137, neg_risk, tick)
    client.fixed_timestamp = header_ts
    client.post_order(signed, order_type, post_only)
    sent = client.last_authenticated()
    config = ROUNDING_CONFIG[tick]
    return {"id": cid, "kind": "order_v2", "source": source("ClobClient.create_order", "ClobClient.post_order"), "inputs": inputs,
            "rounding": {"price_decimals": config.price, "size_decimals": config.size, "amount_decimals": config.amount},
            "maker_amount": full["makerAmount"], "taker_amount": full["takerAmount"], "domain": full["domain"],
            "order_type_string": v2.ORDER_TYPE_STRING, "order_type_hash": hx(v2.ORDER_TYPE_HASH),
            "domain_separator": full["domain_separator"], "struct_hash": full["struct_hash"], "digest": full["digest"],
            "signature": full["signature"],
            "post_order": {"method": sent["method"], "path": sent["path"],
                           "api_creds": {"api_key": creds[0], "api_secret": creds[1], "api_passphrase": creds[2]},
                           "header_timestamp": header_ts, "body": sent["body"], "headers": sent["headers"]}}


def common_document():
    cases = [{"id": "keccak-%02d" % (n + 1), "kind": "keccak256", "source": "eth_utils.keccak (as used by the client)",
              "input_utf8": text, "keccak256": hx(keccak(text=text))} for n, text in enumerate(C.COMMON_KECCAK)]
    for n, signature in enumerate(C.FUNCTION_SIGNATURES):
        digest = keccak(text=signature)
        cases.append({"id": "selector-%02d" % (n + 1), "kind": "function_selector",
                      "source": "eth_utils.keccak (ABI selector = first 4 bytes)", "signature": signature,
                      "keccak256": hx(digest), "selector": hx(digest[:4])})
    for cid, chain, timestamp, nonce in C.COMMON_L1:
        auth = clob_auth(chain, timestamp, nonce)
        cases.append({"id": cid, "kind": "clob_auth_l1", "source": source("headers.create_level_1_headers"),
                      "inputs": l1_inputs(chain, timestamp, nonce), "domain": auth["domain"], "type_string": auth["clob_auth_type_string"],
                      "type_hash": hx(ClobAuth.type_hash()), "domain_type_string": auth["domain_type_string"],
                      **{k: auth[k] for k in ("domain_separator", "struct_hash", "digest", "signature", "headers")}})
    for cid, secret, timestamp, method, path, body in C.COMMON_HMAC:
        message, signature = hmac_result(secret, timestamp, method, path, body)
        cases.append({"id": cid, "kind": "hmac_l2", "source": source("signing.hmac.build_hmac_signature"),
                      "inputs": {"secret": secret, "timestamp": timestamp, "method": method, "request_path": path, "body": body},
                      "message": message, "signature": signature})
    book = C.BOOK
    summary = OrderBookSummary(market=book["market"], asset_id=book["asset_id"], timestamp=book["timestamp"],
                               bids=[OrderSummary(price=p, size=s) for p, s in book["bids"]],
                               asks=[OrderSummary(price=p, size=s) for p, s in book["asks"]],
                               min_order_size=book["min_order_size"], tick_size=book["tick_size"], neg_risk=book["neg_risk"],
                               last_trade_price=book["last_trade_price"])
    digest = generate_orderbook_summary_hash(summary)
    cases.append({"id": "book-hash-01", "kind": "orderbook_hash", "source": source("utilities.generate_orderbook_summary_hash"),
                  "hashed_json": last_sha1_input(), "sha1_hex": digest})
    condition = C.CONDITION
    condition_id = keccak(encode_packed(["address", "bytes32", "uint256"],
                                        [condition["oracle"], bytes.fromhex(condition["question_id"][2:]), condition["outcome_slot_count"]]))
    cases.append({"id": "ctf-condition-01", "kind": "ctf_condition_id",
                  "source": "eth_utils.keccak(eth_abi.packed.encode_packed(address, bytes32, uint256)); the client has no CTF helper",
                  "inputs": condition, "condition_id": hx(condition_id)})
    cases += [common_order_case(row) for row in C.COMMON_ORDERS]
    return document("Polymarket CLOB common golden vectors", cases)


def document(title, cases):
    return {
        "title": title, "generator": "scripts/vectors/generate.py (run scripts/generate-vectors)", "mode": "golden",
        "source_packages": {name: version(name) for name in PACKAGES},
        "conventions": {
            "hex": "lower-case, 0x-prefixed, except addresses which are EIP-55 checksummed as the client emits them",
            "http.body": "exact string the client sends (json.dumps(separators=(',', ':'), ensure_ascii=False)); null = no body",
            "http.path": "request path used in the HMAC message; query_params are sent as the URL query string and are NOT part of the HMAC message",
            "expected_order_id": "EIP-712 order digest (hashOrder); the CLOB's orderID for the order",
            "amounts": "makerAmount/takerAmount are integers in 1e-6 units (pUSD and outcome shares both have 6 decimals)",
            "timestamps": "order timestamp = Unix ms; L1/L2 header timestamp = Unix seconds; expiration = Unix seconds",
        },
        "case_count": len(cases), "cases": cases,
    }


def write(path, doc):
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    output = sys.argv[1]
    os.makedirs(output, exist_ok=True)
    write(os.path.join(output, "polymarket-v2-golden.json"), v2_document())
    write(os.path.join(output, "polymarket-common-golden.json"), common_document())
