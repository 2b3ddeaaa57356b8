"""The inputs of every golden-vector case: public test keys, fixed salts, timestamps and prices.

Only inputs live here; every expected value is computed by the official client in generate.py.
The keys are Hardhat's public test accounts, never funded anywhere real. The API credentials are
made-up test values.
"""

ZERO32 = "0x" + "0" * 64

KEY1 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

# L2 credentials of the V2 file (API key owner, base64url secret, passphrase).
CREDS_A = ("5f0c8a1e-3b7d-4c2a-9e61-0d4b2f7a8c93", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
           "c1a2b3d4e5f60718293a4b5c6d7e8f90c1a2b3d4e5f60718293a4b5c6d7e8f90")
# L2 credentials of the common file.
CREDS_B = ("3b2f9c1e-7a4d-4e8b-9f10-2c6d8e4a1b57", "yMnKy8zNzs_Q0dLT1NXW19jZ2tvc3d7f4OHi4-Tl5uc=",
           "5f1e0c9a8b7d6e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f")
CREDS_C = ("a1c2e3f4-0b1d-4c2e-8f3a-5b6c7d8e9f00", "CzBVep_E6Q4zWH2ix-wRNluApcrvFDleg6jN8hc8YYY=",
           "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0")

PROXY = "0x1a489F838d5797802c2FCa806E98142A99Cb684c"
SAFE = "0x528e465aD1332A0996bBD2441b1b3040dfD94869"
WALLET_1271 = "0x6d2F31aE95300D5221a8126E7851D64914b2617d"

T1 = "26855971193053989228179607315247738157829858592881640495955213239105416682604"
T2 = "35620128711291322089710207019449971084589995648048334356643045409934558418397"
T3 = "20744136153099316469242115321546162038572347767327097545597445622696286762356"
T4 = "21902638321083863984607023038234797019160697458386212293606605551336741416905"
T5 = "20505378650516656647840964065456143757127408519022801968634399235953798723449"

META = "0xdbe1002f0282fb1e32f718513e05bc2851c9565b444bdce317317c085f49f571"
BUILDER = "0xdaf2488f7ab077a87095d1d63e6a7752cb13d52fc05b804a8aadc30184dfd990"

# (id, chain, signature type, funder, token, side, price, tick, neg risk, salt, timestamp ms,
#  metadata, builder, order type, expiration, post only, defer exec, L2 timestamp, market order, size or amount)
V2_ORDERS = [
    ("order-buy-t0.1-eoa-std-gtc", 137, 0, None, T1, "BUY", 0.4, "0.1", False, "1234567890", "1780000000123", None, None, "GTC", "0", False, False, "1780000001", False, 100),
    ("order-sell-t0.1-proxy-nr-gtd", 137, 1, PROXY, T2, "SELL", 0.7, "0.1", True, "987654321012", "1780000005001", None, None, "GTD", "1780003661", False, False, "1780000006", False, 12.5),
    ("order-buy-t0.01-safe-std-gtc", 137, 2, SAFE, T3, "BUY", 0.57, "0.01", False, "555000111222", "1780000010042", None, None, "GTC", "0", False, False, "1780000011", False, 33.33),
    ("order-sell-t0.01-1271-std-gtc", 137, 3, WALLET_1271, T1, "SELL", 0.43, "0.01", False, "314159265358", "1780000015500", None, None, "GTC", "0", False, False, "1780000016", False, 250),
    ("order-buy-t0.001-eoa-nr-gtd", 137, 0, None, T4, "BUY", 0.123, "0.001", True, "271828182845", "1780000020999", None, None, "GTD", "1780086400", False, False, "1780000021", False, 17.77),
    ("order-sell-t0.001-safe-std-gtc", 137, 2, SAFE, T5, "SELL", 0.987, "0.001", False, "161803398874", "1780000025000", None, None, "GTC", "0", False, False, "1780000026", False, 1000),
    ("order-buy-t0.0001-1271-nr-gtc", 137, 3, WALLET_1271, T2, "BUY", 0.0567, "0.0001", True, "141421356237", "1780000030303", None, None, "GTC", "0", False, False, "1780000031", False, 1234.56),
    ("order-sell-t0.0001-eoa-std-gtd", 137, 0, None, T3, "SELL", 0.9999, "0.0001", False, "173205080756", "1780000035777", None, None, "GTD", "1780000395", False, False, "1780000036", False, 5),
    ("order-buy-t0.01-eoa-nr-gtc-builder-metadata", 137, 0, None, T4, "BUY", 0.25, "0.01", True, "100000000001", "1780000040000", META, BUILDER, "GTC", "0", False, False, "1780000041", False, 40),
    ("order-buy-t0.01-proxy-std-gtd-postonly", 137, 1, PROXY, T1, "BUY", 0.33, "0.01", False, "200000000002", "1780000045045", None, None, "GTD", "1780007200", True, False, "1780000046", False, 15.3),
    ("order-sell-t0.1-1271-nr-gtd", 137, 3, WALLET_1271, T5, "SELL", 0.9, "0.1", True, "300000000003", "1780000050050", None, None, "GTD", "1780010000", False, False, "1780000051", False, 7.25),
    ("order-buy-t0.005-eoa-std-gtc", 137, 0, None, T2, "BUY", 0.515, "0.005", False, "400000000004", "1780000055055", None, None, "GTC", "0", False, False, "1780000056", False, 20),
    ("order-sell-t0.0025-safe-nr-gtc", 137, 2, SAFE, T3, "SELL", 0.4975, "0.0025", True, "500000000005", "1780000060060", None, None, "GTC", "0", False, False, "1780000061", False, 64.8),
    ("order-buy-t0.01-eoa-std-gtc-defer", 137, 0, None, T1, "BUY", 0.61, "0.01", False, "600000000006", "1780000065065", None, None, "GTC", "0", False, True, "1780000066", False, 9.99),
    ("order-sell-t0.01-proxy-std-gtc-float-size", 137, 1, PROXY, T4, "SELL", 0.29, "0.01", False, "700000000007", "1780000070070", None, None, "GTC", "0", False, False, "1780000071", False, 16.4),
    ("mkt-buy-fok-t0.01-eoa-std", 137, 0, None, T1, "BUY", 0.53, "0.01", False, "800000000008", "1780000075075", None, None, "FOK", "0", False, False, "1780000076", True, 25.5),
    ("mkt-sell-fak-t0.01-safe-nr", 137, 2, SAFE, T2, "SELL", 0.47, "0.01", True, "900000000009", "1780000080080", None, None, "FAK", "0", False, False, "1780000081", True, 40.25),
    ("mkt-buy-fak-t0.001-1271-std", 137, 3, WALLET_1271, T3, "BUY", 0.512, "0.001", False, "111111111111", "1780000085085", None, None, "FAK", "0", False, False, "1780000086", True, 10),
    ("mkt-sell-fok-t0.1-proxy-std", 137, 1, PROXY, T5, "SELL", 0.3, "0.1", False, "222222222222", "1780000090090", None, None, "FOK", "0", False, False, "1780000091", True, 3.456),
    ("order-buy-t0.01-eoa-amoy-gtc", 80002, 0, None, T4, "BUY", 0.05, "0.01", False, "333333333333", "1780000095095", None, None, "GTC", "0", False, False, "1780000096", False, 5),
]

# Two orders posted in one batch: (token, side, price, size, tick, neg risk, salt, timestamp ms, order type, expiration).
BATCH = dict(l2_timestamp="1780000100", post_only=False, defer_exec=False, orders=[
    (T1, "BUY", 0.48, 500, "0.01", False, "444444444444", "1780000099001", "GTC", "0"),
    (T1, "SELL", 0.52, 500, "0.01", False, "444444444445", "1780000099002", "GTD", "1780010000"),
])

KECCAK_STRINGS = [
    "",
    "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)",
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
    "EIP712Domain(string name,string version,uint256 chainId)",
    "ClobAuth(address address,string timestamp,uint256 nonce,string message)",
    "TypedDataSign(Order contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)",
    "Polymarket CTF Exchange", "2", "1", "ClobAuthDomain", "DepositWallet",
    "This message attests that I control the given wallet",
]

# (id, chain, timestamp, nonce)
V2_L1 = [("l1-key1-polygon-nonce0", 137, 1780000000, 0), ("l1-key1-amoy-nonce3", 80002, 1780003600, 3)]

SECRET_D = "oaGSWBGHdscnib-QPWoBmkraHHdWv7e-c0Ma1ZOfHVo="
V2_HMAC = [
    ("hmac-get-no-body", CREDS_A[1], "1780000200", "GET", "/data/orders", None),
    ("hmac-delete-cancel-all-empty-body", CREDS_A[1], "1780000201", "DELETE", "/cancel-all", ""),
    ("hmac-post-heartbeat", SECRET_D, "1780000202", "POST", "/v1/heartbeats", '{"heartbeat_id":""}'),
    ("hmac-delete-order", SECRET_D, "1780000203", "DELETE", "/order", '{"orderID":"0x8ddc6cc45f4db05bd1ffe11fc8237f04e034ab804318dfd211d52843a8ee6b79"}'),
    # The body of the first V2 order case; filled in by the generator from that case's request.
    ("hmac-post-order-body", CREDS_A[1], "1780000204", "POST", "/order", "<first order body>"),
    ("hmac-body-with-apostrophe", CREDS_A[1], "1780000205", "POST", "/some/path", '{"note":"it\'s"}'),
]

ORDER_ID_1 = "0x8ddc6cc45f4db05bd1ffe11fc8237f04e034ab804318dfd211d52843a8ee6b79"
ORDER_ID_2 = "0x8b82c524d3456c8898d05b41521f2577efd8f0b2b78783a9fc8e75c7d9ac435e"
MARKET = "0xd004821527f463b82510af38247257f536b62ee4b36014439c3d49431626bbdf"

# (id, ClobClient method, l2 timestamp, arguments as (kind, value) understood by generate.py)
V2_REQUESTS = [
    ("req-key1-heartbeat-first", "post_heartbeat", "1780000300", ("heartbeat", "")),
    ("req-key1-heartbeat-chained", "post_heartbeat", "1780000301", ("heartbeat", "7c9e6679-7425-40de-944b-e07fc1f90ae7")),
    ("req-key1-cancel-order", "cancel_order", "1780000302", ("order_payload", ORDER_ID_1)),
    ("req-key1-cancel-orders", "cancel_orders", "1780000303", ("ids", [ORDER_ID_1, ORDER_ID_2])),
    ("req-key1-cancel-all", "cancel_all", "1780000304", ("none", None)),
    ("req-key1-cancel-market-orders", "cancel_market_orders", "1780000305", ("market_cancel", (MARKET, T1))),
    ("req-key1-get-open-orders", "get_open_orders", "1780000306", ("open_orders", MARKET)),
    ("req-key1-get-trades", "get_trades", "1780000307", ("trades", (T1, 1780000000))),
    ("req-key1-balance-allowance-collateral", "get_balance_allowance", "1780000308", ("balance", ("COLLATERAL", None))),
    ("req-key1-balance-allowance-update-conditional", "update_balance_allowance", "1780000309", ("balance", ("CONDITIONAL", T1))),
    ("req-key1-is-order-scoring", "is_order_scoring", "1780000310", ("order_scoring", ORDER_ID_1)),
    ("req-key1-are-orders-scoring", "are_orders_scoring", "1780000311", ("orders_scoring", [ORDER_ID_1, ORDER_ID_2])),
]

# (market order, side, price, tick, size or amount) for get_order_amounts / get_market_order_amounts.
AMOUNT_ROWS = [
    (False, "BUY", 0.5, "0.01", 10), (False, "SELL", 0.5, "0.01", 10), (False, "BUY", 0.57, "0.01", 33.33),
    (False, "BUY", 0.29, "0.01", 0.29), (False, "SELL", 0.56, "0.01", 1.13), (False, "BUY", 0.35, "0.01", 4.35),
    (False, "SELL", 0.123, "0.001", 17.777), (False, "BUY", 0.0567, "0.0001", 1234.567), (False, "SELL", 0.9999, "0.0001", 0.07),
    (False, "BUY", 0.7, "0.1", 12.345), (False, "SELL", 0.1, "0.1", 99.999), (False, "BUY", 0.515, "0.005", 19.99),
    (False, "SELL", 0.4975, "0.0025", 64.81), (False, "BUY", 0.576, "0.01", 7.5), (False, "BUY", 0.125, "0.01", 10),
    (True, "BUY", 0.53, "0.01", 25.5), (True, "BUY", 0.57, "0.01", 100), (True, "BUY", 0.519, "0.01", 10),
    (True, "SELL", 0.47, "0.01", 40.255), (True, "BUY", 0.512, "0.001", 10), (True, "BUY", 0.3333, "0.0001", 7.77),
    (True, "SELL", 0.3, "0.1", 3.456),
]

# ---- the common file ----

COMMON_KECCAK = [
    "", "abc", "This message attests that I control the given wallet",
    "ClobAuth(address address,string timestamp,uint256 nonce,string message)",
    "EIP712Domain(string name,string version,uint256 chainId)",
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
    "Order(uint256 salt,address maker,address signer,address taker,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint256 expiration,uint256 nonce,uint256 feeRateBps,uint8 side,uint8 signatureType)",
    "Polymarket CTF Exchange",
]

FUNCTION_SIGNATURES = [
    "splitPosition(address,bytes32,bytes32,uint256[],uint256)", "mergePositions(address,bytes32,bytes32,uint256[],uint256)",
    "redeemPositions(address,bytes32,bytes32,uint256[])", "approve(address,uint256)", "setApprovalForAll(address,bool)",
    "splitPosition(bytes32,uint256)", "mergePositions(bytes32,uint256)", "redeemPositions(bytes32,uint256[])",
    "convertPositions(bytes32,uint256,uint256)", "balanceOf(address,uint256)",
]

COMMON_L1 = [("clob-auth-official-amoy", 80002, 10000000, 23), ("clob-auth-polygon-nonce0", 137, 1750000000, 0),
             ("clob-auth-polygon-nonce7", 137, 1767225600, 7)]

BOOK_MARKET = "0x2e6af11e4b853b05ba7135239b21d77e808889b6ce1e735de856c94c4e5b5fce"
COMMON_HMAC = [
    ("hmac-official-test", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "1000000", "test-sign", "/orders", '{"hash": "0x123"}'),
    ("hmac-get-no-body", CREDS_B[1], "1750000000", "GET", "/data/orders", None),
    ("hmac-delete-cancel", CREDS_B[1], "1750000001", "DELETE", "/order", '{"orderID":"0x38a73eed1e6d177545e9ab027abddfb7e08dbe975fa777123b1752d203d6ac88"}'),
    ("hmac-delete-orders", CREDS_B[1], "1750000002", "DELETE", "/orders", '["0xaaa1","0xbbb2"]'),
    ("hmac-cancel-market", CREDS_C[1], "1750000003", "DELETE", "/cancel-market-orders", '{"market":"%s","asset_id":""}' % BOOK_MARKET),
    ("hmac-heartbeat", CREDS_C[1], "1750000004", "POST", "/v1/heartbeats", '{"heartbeat_id":null}'),
    ("hmac-delete-cancel-all", CREDS_C[1], "1750000005", "DELETE", "/cancel-all", None),
]

BOOK_TOKEN = "8851848546962572193739008211889046036776198486765606333032192644001246174440"
# (id, token, price, size, side, tick, neg risk, signature type, salt, timestamp ms, funder, expiration, builder, order type, post only, creds, header ts)
COMMON_ORDERS = [
    ("order-v2-01", BOOK_TOKEN, 0.56, 21.04, "BUY", "0.01", False, 0, 1111, 1777400000000, None, 0, ZERO32, "GTC", False, CREDS_B, 1777400000),
    ("order-v2-02", "10181859819235412241349111952383458602722012323104397550162049365057126390549", 0.123, 77.77, "SELL", "0.001", True, 2,
     2222, 1777400001234, "0x6E0c0aB3F8d8b2a3c5F7C2E1D9A4b8c7D6e5f4A3", 0, ZERO32, "GTC", False, CREDS_B, 1777400001),
    ("order-v2-03", "71321045679252212594626385532706912750332728571942532289631379312455583992563", 0.82, 101, "BUY", "0.01", False, 1,
     3333, 1777400002000, "0x1111111254EEB25477B68fb85Ed929f73A960582", 1777403600, "0x" + "ab" * 32, "GTD", False, CREDS_C, 1777400002),
    ("order-v2-04", BOOK_TOKEN, 0.9987, 5, "SELL", "0.0001", False, 0, 4444, 1777400003000, None, 0, ZERO32, "GTC", True, CREDS_C, 1777400003),
]

BOOK = dict(market=BOOK_MARKET, asset_id=BOOK_TOKEN, timestamp="1767200000123",
            bids=[("0.57", "120.5"), ("0.58", "30")], asks=[("0.60", "44"), ("0.59", "10")],
            min_order_size="5", tick_size="0.01", neg_risk=False, last_trade_price="0.58")

CONDITION = dict(oracle="0x6A9D222616C90FcA5754cd1333cFD9b7fb6a4F74",
                 question_id="0xf69e4e6eb29d29bd1852208e2a27f652e16053fdfdad35ce6953e08f0fb08424", outcome_slot_count=2)
