import Foundation
import MMCore
import Polymarket

/// Loopback-only inspection and control: balances, open orders, trades, rewards, funding, tick changes.
extension SimHTTPHandler {
    /// The funder of `/admin/take` orders.
    static let adminTaker = "0x00000000000000000000000000000000000000c3"

    func admin(_ request: SimRequest) async -> SimResponse? {
        guard request.path.hasPrefix("/admin/") else { return nil }
        switch (request.method, request.path) {
        case ("GET", "/admin/balances"):
            let json = await venue.perform { exchange, _ in
                exchange.balances.sorted { $0.key < $1.key }.map { address, balance in
                    let tokens = balance.tokens.sorted { $0.key < $1.key }.map { "\(SimWire.string($0.key)):\"\(FixedPoint.format(micros: $0.value))\"" }.joined(separator: ",")
                    return "{\"address\":\(SimWire.string(address)),\"collateral\":\"\(FixedPoint.format(micros: balance.collateral))\",\"reservedCollateral\":\"\(FixedPoint.format(micros: balance.reservedCollateral))\",\"tokens\":{\(tokens)}}"
                }.joined(separator: ",")
            }
            return SimResponse(200, "[\(json)]")
        case ("GET", "/admin/orders"):
            // `?maker=0x…` keeps one funder's orders (e.g. a market maker's, among the background book).
            let maker = request.query["maker"]?.lowercased()
            let json = await venue.perform { exchange, _ in
                exchange.orders.values.filter { maker == nil || $0.maker == maker }.sorted { $0.sequence < $1.sequence }.map { SimWire.openOrder($0, market: exchange.markets[$0.market]!, status: "LIVE") }.joined(separator: ",")
            }
            return SimResponse(200, "[\(json)]")
        case ("GET", "/admin/trades"):
            let json = await venue.perform { exchange, now in
                exchange.trades.map { SimWire.trade($0, forWebSocket: false, viewer: "", timestamp: now) }.joined(separator: ",")
            }
            return SimResponse(200, "[\(json)]")
        case ("GET", "/admin/rewards"):
            let json = await venue.perform { exchange, _ in
                exchange.rewardEarnings.sorted { $0.key < $1.key }.flatMap { key, markets in
                    let parts = key.split(separator: "|")
                    return markets.sorted { $0.key < $1.key }.map {
                        "{\"date\":\"\(parts[0])\",\"owner\":\"\(parts.count > 1 ? parts[1] : "")\",\"market\":\(SimWire.string($0.key)),\"earnings\":\"\(FixedPoint.format(micros: $0.value))\"}"
                    }
                }.joined(separator: ",")
            }
            return SimResponse(200, "[\(json)]")
        case ("GET", "/admin/markets"):
            // Every market on one page (Gamma's own `/markets` pages by 100).
            return SimResponse(200, "[" + (await gammaItems()).joined(separator: ",") + "]")
        case ("POST", "/admin/fund"):
            // {"address": "0x…", "collateral": "100", "tokens": {"<token id>": "50"}}
            guard let object = Self.object(request.body), let address = object["address"] as? String, Address(address) != nil else {
                return SimResponse(400, SimWire.error("expected {\"address\": \"0x…\", \"collateral\": \"100\", \"tokens\": {…}}"))
            }
            let collateral = (object["collateral"] as? String).flatMap { try? FixedPoint.parseMicros($0) } ?? 0
            var tokens: [String: Int64] = [:]
            for (token, amount) in (object["tokens"] as? [String: String]) ?? [:] { tokens[token] = (try? FixedPoint.parseMicros(amount)) ?? 0 }
            await venue.perform { exchange, _ in exchange.fund(address, collateral: collateral, tokens: tokens) }
            return SimResponse(200, "{\"funded\":\(SimWire.string(address))}")
        case ("POST", "/admin/tick-size"):
            guard let object = Self.object(request.body), let market = object["market"] as? String, let tick = (object["tick_size"] as? String).flatMap({ try? TickSize($0) }) else {
                return SimResponse(400, SimWire.error("expected {\"market\": \"0x…\", \"tick_size\": \"0.001\"}"))
            }
            await venue.perform { exchange, now in exchange.changeTick(market: market, to: tick, nowMilliseconds: now) }
            return SimResponse(200, "{\"tick_size\":\"\(tick)\"}")
        case ("POST", "/admin/reward-parameters"):
            // {"market": "0x…", "min_size": "50", "max_spread": "0.03", "daily_rate": "100"}: a live change, as the venue makes them.
            guard let object = Self.object(request.body), let market = object["market"] as? String,
                let minSize = (object["min_size"] as? String).flatMap({ try? Quantity($0) }),
                let maxSpread = (object["max_spread"] as? String).flatMap({ try? FixedPoint.parseMicros($0) }),
                let dailyRate = (object["daily_rate"] as? String).flatMap({ try? Money($0) }), await venue.exchange.markets[market] != nil
            else { return SimResponse(400, SimWire.error("expected {\"market\": \"0x…\", \"min_size\": \"50\", \"max_spread\": \"0.03\", \"daily_rate\": \"100\"} for a listed market")) }
            let parameters = RewardParameters(maxSpread: maxSpread, minSize: minSize, dailyRate: dailyRate)
            await venue.perform { exchange, _ in exchange.setRewards(market: market, to: parameters) }
            return SimResponse(200, "{\"market\":\(SimWire.string(market)),\"min_size\":\"\(minSize)\"}")
        case ("POST", "/admin/faults"):
            guard let object = Self.object(request.body) else { return SimResponse(400, SimWire.error("expected a JSON object of faults")) }
            do { try await venue.applyFaults(json: object) } catch { return SimResponse(400, SimWire.error(error.message)) }
            return SimResponse(200, "{\"faults\":\"applied\"}")
        case ("POST", "/admin/allowance"):
            // {"address": "0x…", "collateral": "0" | "max" | "25.5", "conditional": false}: what the address approved
            // the exchanges to move (every address starts approved for everything, so that it can trade).
            guard let object = Self.object(request.body), let address = object["address"] as? String, Address(address) != nil,
                let text = object["collateral"] as? String, let collateral = text == "max" ? Int64.max : (try? FixedPoint.parseMicros(text)),
                let conditional = object["conditional"] as? Bool
            else { return SimResponse(400, SimWire.error("expected {\"address\": \"0x…\", \"collateral\": \"0\" | \"max\" | \"25.5\", \"conditional\": true | false}")) }
            await venue.perform { exchange, _ in exchange.setApprovals(SimApprovals(collateral: collateral, conditional: conditional), of: address) }
            return SimResponse(200, "{\"address\":\(SimWire.string(address))}")
        case ("POST", "/admin/convert"):
            // {"address": "0x…", "event": "0x<negRiskMarketID>", "markets": ["0x<condition id>", …], "amount": "10"}: the
            // NegRiskAdapter's convertPositions, applied at once (the simulator has no chain).
            guard let object = Self.object(request.body), let address = object["address"] as? String, Address(address) != nil,
                let event = object["event"] as? String, let converted = object["markets"] as? [String],
                let amount = (object["amount"] as? String).flatMap({ try? FixedPoint.parseMicros($0) })
            else { return SimResponse(400, SimWire.error("expected {\"address\": \"0x…\", \"event\": \"0x…\", \"markets\": [\"0x…\"], \"amount\": \"10\"}")) }
            let result = await venue.perform { exchange, _ in exchange.convert(address: address, event: event, converted: Set(converted.map { $0.lowercased() }), amount: amount) }
            switch result {
            case .failure(let rejection): return SimResponse(400, SimWire.error(rejection.message))
            case .success(let conversion):
                func amounts(_ values: [String: Int64]) -> String {
                    "{" + values.sorted { $0.key < $1.key }.map { "\(SimWire.string($0.key)):\"\(FixedPoint.format(micros: $0.value))\"" }.joined(separator: ",") + "}"
                }
                return SimResponse(
                    200, "{\"burned_no\":\(amounts(conversion.burned)),\"minted_yes\":\(amounts(conversion.minted)),\"collateral\":\"\(FixedPoint.format(micros: conversion.collateral))\"}")
            }
        case ("POST", "/admin/account-status"):
            // {"address": "0x…", "status": "ok" | "closed-only" | "banned"}: what the venue lets the account do.
            guard let object = Self.object(request.body), let address = object["address"] as? String, Address(address) != nil,
                let status = (object["status"] as? String).flatMap(SimAccountStatus.init(rawValue:))
            else { return SimResponse(400, SimWire.error("expected {\"address\": \"0x…\", \"status\": \"ok\" | \"closed-only\" | \"banned\"}")) }
            await venue.perform { exchange, _ in exchange.setStatus(status, of: address) }
            return SimResponse(200, "{\"address\":\(SimWire.string(address)),\"status\":\"\(status.rawValue)\"}")
        case ("POST", "/admin/take"):
            // {"market": "0x…", "outcome": "YES", "side": "SELL", "size": "30", "price": "0.48"}: a funded simulator taker
            // sends a FAK order at that limit now (a fill at will against the quotes there, for browser and CLI checks).
            guard let object = Self.object(request.body), let market = object["market"] as? String,
                let outcome = (object["outcome"] as? String).flatMap({ Outcome(rawValue: $0.uppercased()) }),
                let side = (object["side"] as? String).flatMap({ Side(rawValue: $0.uppercased()) }),
                let size = (object["size"] as? String).flatMap({ try? Quantity($0) }), size > .zero,
                let price = (object["price"] as? String).flatMap({ try? Price($0) })
            else { return SimResponse(400, SimWire.error("expected {\"market\": \"0x…\", \"outcome\": \"YES\", \"side\": \"SELL\", \"size\": \"30\", \"price\": \"0.48\"}")) }
            let result = await venue.perform { exchange, now -> Result<SimAck, SimRejection>? in
                guard let listed = exchange.markets[market] else { return nil }
                // The taker holds what the order needs: collateral for a BUY, the outcome's tokens for a SELL.
                if side == .buy {
                    exchange.fund(Self.adminTaker, collateral: size.micros)
                } else {
                    exchange.fund(Self.adminTaker, tokens: [listed.token(outcome): size.micros])
                }
                return exchange.placeAgentOrder(
                    owner: "sim-admin-taker", maker: Self.adminTaker, market: market, outcome: outcome, side: side, price: price, size: size, orderType: .fak,
                    nowMilliseconds: now)
            }
            switch result {
            case nil: return SimResponse(400, SimWire.error("unknown market \(market)"))
            case .failure(let rejection)?: return SimResponse(400, SimWire.error(rejection.message))
            case .success(let ack)?:
                return SimResponse(200, "{\"order_id\":\(SimWire.string(ack.orderID)),\"status\":\(SimWire.string(ack.status)),\"trades\":[\(ack.tradeIDs.map(SimWire.string).joined(separator: ","))]}")
            }
        case ("POST", "/admin/deposit-wallet"):
            guard let object = Self.object(request.body), let wallet = object["wallet"] as? String, let owner = object["owner"] as? String else {
                return SimResponse(400, SimWire.error("expected {\"wallet\": \"0x…\", \"owner\": \"0x…\"}"))
            }
            await venue.perform { exchange, _ in exchange.registerDepositWallet(wallet, owner: owner) }
            return SimResponse(200, "{\"registered\":\(SimWire.string(wallet))}")
        default:
            return SimResponse(404, SimWire.error("unknown admin endpoint \(request.method) \(request.path)"))
        }
    }
}
