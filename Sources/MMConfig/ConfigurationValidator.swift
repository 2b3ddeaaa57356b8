import MMCore

/// Turns a ``ConfigurationFile`` into an ``MMConfiguration``, collecting every issue on the way.
///
/// Defaults are the roadmap's: order size 5, spread fraction 0.5, skew on at factor 0.5 from 30 % of
/// the limit, limit ±10, stop-loss off (−10 unrealized, −50 daily, market mode, 30 min cooldown).
struct ConfigurationValidator {
    private(set) var issues: [ConfigurationIssue] = []

    mutating func validate(_ file: ConfigurationFile) -> MMConfiguration? {
        let venue = validateVenue(file.venue)
        var kind = StrategyKind.ev
        if let text = file.strategy?.kind {
            if let parsed = StrategyKind(rawValue: text) { kind = parsed } else {
                add("strategy.kind", "strategy.kind (\(text)) must be one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var strategy = StrategyConfiguration(
            kind: kind, sizeUpToScore: file.strategy?.sizeUpToScore ?? true,
            inventoryAversion: ratio(file.strategy?.inventoryAversion, "strategy.inventoryAversion", default: 1_000_000, range: 0...100_000_000),
            orderSize: quantity(file.strategy?.orderSize, "strategy.orderSize", default: 5_000_000, positive: true),
            spreadFraction: ratio(file.strategy?.spreadFraction, "strategy.spreadFraction", default: 500_000, range: 1...1_000_000),
            rebalanceThreshold: price(file.strategy?.rebalanceThreshold, "strategy.rebalanceThreshold", default: 5_000, range: 0...999_999),
            debounceMilliseconds: integer(file.strategy?.debounceMilliseconds, "strategy.debounceMilliseconds", default: 50, range: 0...10_000))
        if let arbitrage = file.strategy?.negRiskArbitrage { strategy.negRiskArbitrage = validateArbitrage(arbitrage) }
        if let reversion = file.strategy?.meanReversion { strategy.meanReversion = validateLean(reversion, "strategy.meanReversion", defaults: strategy.meanReversion) }
        if let momentum = file.strategy?.momentum { strategy.momentum = validateLean(momentum, "strategy.momentum", defaults: strategy.momentum) }
        if let grid = file.strategy?.grid { strategy.grid = validateGrid(grid) }
        let skew = SkewSettings(
            isEnabled: file.skew?.enabled ?? true,
            factor: ratio(file.skew?.skewFactor, "skew.skewFactor", default: 500_000, range: 0...1_000_000),
            startAt: ratio(file.skew?.startSkewAt, "skew.startSkewAt", default: 300_000, range: 0...1_000_000))
        let limitMicros = quantity(file.limits?.maxNetExposure, "limits.maxNetExposure", default: 10_000_000, positive: true)
        let global = file.limits?.maxGlobalExposure.map { _ in quantity(file.limits?.maxGlobalExposure, "limits.maxGlobalExposure", default: 0, positive: true) }
        let event = file.limits?.maxEventExposure.map { _ in quantity(file.limits?.maxEventExposure, "limits.maxEventExposure", default: 0, positive: true) }
        let stopHours = integer(file.limits?.stopQuotingHours, "limits.stopQuotingHours", default: 6, range: 0...10_000)
        let taperHours = integer(file.limits?.taperStartHours, "limits.taperStartHours", default: 48, range: 0...10_000)
        if taperHours < stopHours {
            add("limits.taperStartHours", "limits.taperStartHours (\(taperHours)) must be ≥ limits.stopQuotingHours (\(stopHours)): sizes shrink before quoting stops")
        }
        let capital = money(file.limits?.maxCapitalPerMarket, "limits.maxCapitalPerMarket", default: 100_000_000, negative: false)
        if capital.micros < 0 { add("limits.maxCapitalPerMarket", "limits.maxCapitalPerMarket (\(capital)) must be ≥ 0 pUSD") }
        var limits = LimitsConfiguration(
            maxCapitalPerMarket: capital, maxNetExposure: limitMicros, maxGlobalExposure: global, maxEventExposure: event, taperStartHours: taperHours, stopQuotingHours: stopHours)
        if let text = file.limits?.eventExposureMeasure {
            if let measure = EventExposureMeasure(rawValue: text) { limits.eventExposureMeasure = measure } else {
                add(
                    "limits.eventExposureMeasure",
                    "limits.eventExposureMeasure (\(text)) must be worst-case-loss (max over outcomes of cost − payout, pUSD) or net-sum (Σ |net|, shares)")
            }
        }
        let bait = BaitDefenceSettings(
            isEnabled: file.baitDefence?.enabled ?? true,
            lookbackMilliseconds: Int64(integer(file.baitDefence?.lookbackSeconds, "baitDefence.lookbackSeconds", default: 30, range: 1...86_400)) * 1_000,
            compressionTicks: Int64(integer(file.baitDefence?.compressionTicks, "baitDefence.compressionTicks", default: 2, range: 1...100)),
            depthCap: ratio(file.baitDefence?.depthCap, "baitDefence.depthCap", default: 500_000, range: 1...10_000_000))
        let stopLoss = validateStopLoss(file.stopLoss)
        let volatility = validateVolatility(file.volatility)
        let auto = file.markets?.auto.map { validateAuto($0) }
        let markets = validateMarkets(
            file.markets?.list ?? [], listPath: file.markets?.auto == nil ? "markets" : "markets.list", automatic: auto != nil, strategy: strategy, limits: limits,
            venue: venue)
        if let event, event < limitMicros {
            add("limits.maxEventExposure", "limits.maxEventExposure (\(event)) must be ≥ limits.maxNetExposure (\(limitMicros))")
        }
        if let global, global < limitMicros {
            add("limits.maxGlobalExposure", "limits.maxGlobalExposure (\(global)) must be ≥ limits.maxNetExposure (\(limitMicros))")
        }
        var level = LogLevel.info
        if let text = file.logging?.level {
            if let parsed = LogLevel(rawValue: text.lowercased()) { level = parsed } else {
                add("logging.level", "logging.level (\(text)) must be one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let path = file.control?.socketPath, path.utf8.count > 107 {
            add("control.socketPath", "control.socketPath is \(path.utf8.count) bytes long; a Unix socket path must be at most 107")
        }
        let maxConnections = file.control?.maxConnections ?? 64
        if !(1...4096).contains(maxConnections) {
            add("control.maxConnections", "control.maxConnections (\(maxConnections)) must be between 1 and 4096 (systemd/mmd.service sets LimitNOFILE=65536)")
        }
        let idleTimeout = file.control?.idleTimeoutSeconds ?? 60
        if !(1...86_400).contains(idleTimeout) {
            add("control.idleTimeoutSeconds", "control.idleTimeoutSeconds (\(idleTimeout)) must be between 1 and 86400")
        }
        let expiry = file.orders?.expirySeconds ?? 0
        let expiryRange = OrdersConfiguration.minimumExpirySeconds...OrdersConfiguration.maximumExpirySeconds
        if expiry != 0, !expiryRange.contains(expiry) {
            add(
                "orders.expirySeconds",
                "orders.expirySeconds (\(expiry)) must be 0 (GTC) or between \(expiryRange.lowerBound) and \(expiryRange.upperBound): a GTD order is sent with expiration now + 60 s (the venue's security threshold) + expirySeconds, and Polymarket refuses expirations less than 3 minutes ahead")
        }
        let http = validateHTTP(file.http)
        let metrics = validateMetrics(file.metrics)
        let alerts = validateAlerts(file.alerts)
        guard issues.isEmpty else { return nil }
        return MMConfiguration(
            venue: venue, strategy: strategy, skew: skew, limits: limits, stopLoss: stopLoss, volatility: volatility, baitDefence: bait,
            markets: markets, marketsAuto: auto, databasePath: file.storage?.databasePath, logLevel: level,
            control: ControlConfiguration(
                socketPath: file.control?.socketPath, group: file.control?.group, allowUIDs: file.control?.allowUids ?? [], allowGroups: file.control?.allowGroups ?? [],
                maxConnections: maxConnections, idleTimeoutSeconds: idleTimeout),
            orders: OrdersConfiguration(expirySeconds: expiry == 0 ? nil : expiry), http: http, metrics: metrics, alerts: alerts)
    }

    // MARK: Sections

    private mutating func validateVenue(_ venue: ConfigurationFile.Venue?) -> VenueConfiguration {
        var kind = VenueConfiguration.Kind.simulated
        if let text = venue?.kind {
            if let parsed = VenueConfiguration.Kind(rawValue: text) { kind = parsed } else {
                add("venue.kind", "venue.kind (\(text)) must be one of simulated, polymarket, mmsim")
            }
        }
        let chainID = venue?.chainId ?? 137
        if chainID != 137, chainID != 80002 { add("venue.chainId", "venue.chainId (\(chainID)) must be 137 (Polygon) or 80002 (Amoy)") }
        let signatureType = venue?.signatureType ?? 0
        if !(0...3).contains(signatureType) {
            add("venue.signatureType", "venue.signatureType (\(signatureType)) must be 0 (EOA), 1 (POLY_PROXY), 2 (POLY_GNOSIS_SAFE) or 3 (POLY_1271)")
        }
        if signatureType != 0, venue?.funder == nil {
            add("venue.funder", "venue.funder is required with venue.signatureType \(signatureType): it is the proxy, safe or deposit wallet that holds the funds")
        }
        var mode = VenueConfiguration.Mode.live
        if let text = venue?.mode {
            if let parsed = VenueConfiguration.Mode(rawValue: text) {
                mode = parsed
            } else {
                add("venue.mode", "venue.mode (\(text)) must be live, dry-run (orders built and signed, none sent) or paper (as dry-run, filled locally)")
            }
        }
        var result = VenueConfiguration(
            kind: kind, chainID: chainID,
            clobURL: venue?.clobUrl ?? "https://clob.polymarket.com",
            webSocketURL: venue?.wsUrl ?? "wss://ws-subscriptions-clob.polymarket.com/ws",
            gammaURL: venue?.gammaUrl ?? "https://gamma-api.polymarket.com",
            signatureType: signatureType, funder: venue?.funder, scenario: venue?.scenario, seed: venue?.seed ?? 1)
        result.mode = mode
        if let tier = venue?.rateLimitTier {
            if VenueConfiguration.rateLimitTiers.contains(tier) { result.rateLimitTier = tier } else {
                add("venue.rateLimitTier", "venue.rateLimitTier (\(tier)) must be one of \(VenueConfiguration.rateLimitTiers.joined(separator: ", ")) (the venue's trading tier of the signer)")
            }
        }
        if kind == .mmsim {
            for (key, url, given) in [("venue.clobUrl", result.clobURL, venue?.clobUrl), ("venue.wsUrl", result.webSocketURL, venue?.wsUrl)] where given == nil || !(url.hasPrefix("http://127.") || url.hasPrefix("ws://127.") || url.hasPrefix("http://localhost") || url.hasPrefix("ws://localhost")) {
                add(key, "\(key) (\(given ?? "unset")) must be the simulator's loopback address for venue.kind mmsim, e.g. http://127.0.0.1:8080 and ws://127.0.0.1:8080")
            }
        }
        if kind == .polymarket {
            for (key, url, schemes) in [("venue.clobUrl", result.clobURL, ["https://"]), ("venue.wsUrl", result.webSocketURL, ["wss://"]), ("venue.gammaUrl", result.gammaURL, ["https://"])]
            where !schemes.contains(where: url.hasPrefix) {
                add(key, "\(key) (\(url)) must start with \(schemes[0]) for the live venue")
            }
        }
        return result
    }

    private mutating func validateStopLoss(_ stop: ConfigurationFile.StopLoss?) -> StopLossSettings {
        var mode = LiquidationMode.market
        if let text = stop?.liquidationMode {
            if let parsed = LiquidationMode(rawValue: text) { mode = parsed } else {
                add("stopLoss.liquidationMode", "stopLoss.liquidationMode (\(text)) must be one of market, limit, passive")
            }
        }
        let unrealized = money(stop?.maxUnrealizedLoss, "stopLoss.maxUnrealizedLoss", default: -10_000_000, negative: true)
        let daily = money(stop?.maxDailyLoss, "stopLoss.maxDailyLoss", default: -50_000_000, negative: true)
        let age = stop?.maxPositionAgeMinutes.map { Int64(integer($0, "stopLoss.maxPositionAgeMinutes", default: 0, range: 1...100_000)) * 60_000 }
        return StopLossSettings(
            isEnabled: stop?.enabled ?? false, maxUnrealizedLoss: unrealized, maxDailyLoss: daily, maxPositionAgeMilliseconds: age, mode: mode,
            slippageCap: price(stop?.slippageCap, "stopLoss.slippageCap", default: 30_000, range: 1...999_999),
            resumeAfterLiquidation: stop?.resumeAfterLiquidation ?? false,
            cooldownMilliseconds: Int64(integer(stop?.cooldownMinutes, "stopLoss.cooldownMinutes", default: 30, range: 0...100_000)) * 60_000)
    }

    private mutating func validateVolatility(_ vol: ConfigurationFile.Volatility?) -> VolatilitySettings {
        let pause = price(vol?.pauseThreshold, "volatility.pauseThreshold", default: 40_000, range: 1...999_999)
        let resume = price(vol?.resumeThreshold, "volatility.resumeThreshold", default: min(20_000, pause), range: 0...999_999)
        if resume > pause {
            add("volatility.resumeThreshold", "volatility.resumeThreshold (\(FixedPoint.format(micros: resume))) must be ≤ volatility.pauseThreshold (\(FixedPoint.format(micros: pause)))")
        }
        return VolatilitySettings(
            isEnabled: vol?.enabled ?? true,
            windowMilliseconds: Int64(integer(vol?.windowSeconds, "volatility.windowSeconds", default: 300, range: 1...86_400)) * 1000,
            pauseThreshold: pause, resumeThreshold: resume,
            calmPeriodMilliseconds: Int64(integer(vol?.calmPeriodSeconds, "volatility.calmPeriodSeconds", default: 120, range: 0...86_400)) * 1000,
            trendWindowMilliseconds: Int64(integer(vol?.trendWindowSeconds, "volatility.trendWindowSeconds", default: 600, range: 1...86_400)) * 1000,
            trendThreshold: price(vol?.trendThreshold, "volatility.trendThreshold", default: 30_000, range: 1...999_999),
            widenFactor: ratio(vol?.widenFactor, "volatility.widenFactor", default: 500_000, range: 0...10_000_000),
            maxWiden: price(vol?.maxWiden, "volatility.maxWiden", default: 20_000, range: 0...999_999),
            isRelative: vol?.relative ?? true,
            normalVolatility: price(vol?.normalVolatility, "volatility.normalVolatility", default: 10_000, range: 1...999_999))
    }

    /// `markets.auto`: how many markets the daemon selects, within what capital, how often.
    private mutating func validateAuto(_ auto: ConfigurationFile.Markets.Auto) -> MarketsAutoConfiguration {
        let top = integer(auto.top, "markets.auto.top", default: 10, range: 1...5_000)
        let capital = auto.capital.map { _ in money(auto.capital, "markets.auto.capital", default: 0, negative: false) }
        if let capital, capital.micros <= 0 { add("markets.auto.capital", "markets.auto.capital (\(capital)) must be greater than 0 pUSD") }
        let refresh = price(auto.refreshMinutes, "markets.auto.refreshMinutes", default: 30_000_000, range: 50_000...10_080_000_000)
        let hysteresis = ratio(auto.hysteresis, "markets.auto.hysteresis", default: 250_000, range: 0...999_999)
        let minDaily = auto.minDailyReward.map { _ in money(auto.minDailyReward, "markets.auto.minDailyReward", default: 0, negative: false) }
        let ends = auto.endsAfterHours.map { integer($0, "markets.auto.endsAfterHours", default: 0, range: 0...87_600) }
        return MarketsAutoConfiguration(
            top: top, capital: capital, refreshMilliseconds: refresh * 60 / 1_000, hysteresis: hysteresis, minDailyReward: minDaily,
            excludeNegRisk: auto.excludeNegRisk ?? false, endsAfterHours: ends)
    }

    private mutating func validateMarkets(
        _ markets: [ConfigurationFile.Market], listPath: String, automatic: Bool, strategy: StrategyConfiguration, limits: LimitsConfiguration,
        venue: VenueConfiguration
    ) -> [MarketConfiguration] {
        if markets.isEmpty, !automatic, venue.kind == .polymarket {
            add(
                "markets",
                "markets must list at least one market for the live venue, or let mmd choose them with markets: {auto: {top: 10, capital: 500}} (mmd markets discover ranks them, docs/markets.md)")
        }
        var seen: [String: Int] = [:]
        var result: [MarketConfiguration] = []
        for (index, market) in markets.enumerated() {
            let path = "\(listPath)[\(index)]"
            let id = market.id ?? ""
            if id.isEmpty {
                add("\(path).id", "\(path).id is required: the market's condition id (0x followed by 64 hex digits)")
            } else if !Self.isConditionID(id) {
                add("\(path).id", "\(path).id (\(id)) must be a condition id: 0x followed by 64 hex digits")
            }
            if let first = seen[id], !id.isEmpty {
                add("\(path).id", "\(path).id (\(id)) repeats \(listPath)[\(first)].id")
            }
            seen[id] = seen[id] ?? index
            let yes = token(market.yesTokenId, "\(path).yesTokenId")
            let no = token(market.noTokenId, "\(path).noTokenId")
            if let yes, let no, yes == no { add("\(path).noTokenId", "\(path).noTokenId must differ from \(path).yesTokenId") }

            let sizePath = market.orderSize == nil ? "strategy.orderSize" : "\(path).orderSize"
            let limitPath = market.maxNetExposure == nil ? "limits.maxNetExposure" : "\(path).maxNetExposure"
            let orderSize = market.orderSize == nil ? strategy.orderSize : quantity(market.orderSize, sizePath, default: 0, positive: true)
            let limit = market.maxNetExposure == nil ? limits.maxNetExposure : quantity(market.maxNetExposure, limitPath, default: 0, positive: true)
            let fraction = market.spreadFraction == nil ? strategy.spreadFraction : ratio(market.spreadFraction, "\(path).spreadFraction", default: 0, range: 1...1_000_000)
            if orderSize.micros > 0, limit.micros > 0, orderSize > limit {
                // The 2026-01-16 lesson: one fill of orderSize must never overshoot the limit.
                add(market.orderSize == nil ? "\(path).orderSize" : sizePath, "\(market.orderSize == nil ? "\(path).orderSize" : sizePath) (\(orderSize)) must be ≤ \(limitPath) (\(limit))")
            }
            var kind: StrategyKind?
            if let text = market.strategy {
                kind = StrategyKind(rawValue: text)
                if kind == nil {
                    add("\(path).strategy", "\(path).strategy (\(text)) must be one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            result.append(MarketConfiguration(
                id: MarketID(id), name: market.name, yesToken: yes, noToken: no, orderSize: orderSize, spreadFraction: fraction,
                maxNetExposure: limit, isEnabled: market.enabled ?? true, strategy: kind))
        }
        return result
    }

    // MARK: Scalars

    mutating func add(_ path: String, _ sentence: String) {
        issues.append(ConfigurationIssue(path: path, sentence))
    }

    private mutating func parse(_ value: DecimalText?, _ path: String) -> Int64? {
        guard let value else { return nil }
        do {
            return try FixedPoint.parseMicros(value.text)
        } catch {
            add(path, "\(path): \(error)")
            return nil
        }
    }

    mutating func quantity(_ value: DecimalText?, _ path: String, default fallback: Int64, positive: Bool) -> Quantity {
        guard let micros = parse(value, path) else { return Quantity(micros: fallback) }
        if positive, micros <= 0 { add(path, "\(path) (\(value!.text)) must be greater than 0") }
        if micros % Quantity.venueSizeStep != 0 { add(path, "\(path) (\(value!.text)) must have at most 2 decimals: the venue's size precision") }
        return Quantity(micros: micros)
    }

    mutating func ratio(_ value: DecimalText?, _ path: String, default fallback: Int64, range: ClosedRange<Int64>) -> Ratio {
        guard let micros = parse(value, path) else { return Ratio(micros: fallback) }
        if !range.contains(micros) {
            add(path, "\(path) (\(value!.text)) must be between \(FixedPoint.format(micros: range.lowerBound)) and \(FixedPoint.format(micros: range.upperBound))")
        }
        return Ratio(micros: micros)
    }

    /// A price distance in pUSD, e.g. `0.005`.
    private mutating func price(_ value: DecimalText?, _ path: String, default fallback: Int64, range: ClosedRange<Int64>) -> Int64 {
        guard let micros = parse(value, path) else { return fallback }
        if !range.contains(micros) {
            add(path, "\(path) (\(value!.text)) must be between \(FixedPoint.format(micros: range.lowerBound)) and \(FixedPoint.format(micros: range.upperBound))")
        }
        return micros
    }

    mutating func money(_ value: DecimalText?, _ path: String, default fallback: Int64, negative: Bool) -> Money {
        guard let micros = parse(value, path) else { return Money(micros: fallback) }
        if negative, micros >= 0 { add(path, "\(path) (\(value!.text)) must be negative: it is a loss threshold, e.g. -10") }
        return Money(micros: micros)
    }

    mutating func integer(_ value: Int?, _ path: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
        guard let value else { return fallback }
        if !range.contains(value) { add(path, "\(path) (\(value)) must be between \(range.lowerBound) and \(range.upperBound)") }
        return value
    }

    private mutating func token(_ value: String?, _ path: String) -> TokenID? {
        guard let value else { return nil }
        guard let token = TokenID(value) else {
            add(path, "\(path) (\(value)) must be a token id: the decimal digits of a 256-bit number")
            return nil
        }
        return token
    }

    static func isConditionID(_ text: String) -> Bool {
        text.hasPrefix("0x") && text.count == 66 && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }
}

extension ConfigurationValidator {
    /// `strategy.negRiskArbitrage`: off unless `enabled: true`; a positive edge per set, a positive size.
    mutating func validateArbitrage(_ file: ConfigurationFile.NegRiskArbitrage) -> NegRiskArbitrageConfiguration {
        var settings = NegRiskArbitrageConfiguration()
        settings.isEnabled = file.enabled ?? false
        let edge = money(file.minEdge, "strategy.negRiskArbitrage.minEdge", default: settings.minEdge.micros, negative: false)
        if edge.micros <= 0 || edge.micros >= FixedPoint.scale {
            add("strategy.negRiskArbitrage.minEdge", "strategy.negRiskArbitrage.minEdge (\(edge)) must be above 0 and below 1 pUSD a set: the profit that makes a set worth taking")
        }
        settings.minEdge = edge
        settings.maxSize = quantity(file.maxSize, "strategy.negRiskArbitrage.maxSize", default: settings.maxSize.micros, positive: true)
        settings.cooldownSeconds = integer(file.cooldownSeconds, "strategy.negRiskArbitrage.cooldownSeconds", default: settings.cooldownSeconds, range: 1...86_400)
        let hedge = money(file.maxHedgeLoss, "strategy.negRiskArbitrage.maxHedgeLoss", default: settings.maxHedgeLoss.micros, negative: false)
        if hedge.micros < 0 {
            add("strategy.negRiskArbitrage.maxHedgeLoss", "strategy.negRiskArbitrage.maxHedgeLoss (\(hedge)) must be 0 or more pUSD: the most a hedged attempt may lose")
        }
        settings.maxHedgeLoss = hedge
        return settings
    }
}

extension ConfigurationValidator {
    /// `strategy.meanReversion` / `strategy.momentum`: a half-life of 10 s to a day, a lean from 0 to 2, at
    /// most 20 ticks.
    mutating func validateLean(_ file: ConfigurationFile.Lean, _ path: String, defaults: LeanConfiguration) -> LeanConfiguration {
        var settings = defaults
        settings.halfLifeSeconds = integer(file.halfLifeSeconds, "\(path).halfLifeSeconds", default: settings.halfLifeSeconds, range: 10...86_400)
        settings.lean = ratio(file.lean, "\(path).lean", default: settings.lean.micros, range: 0...2_000_000)
        settings.maxLeanTicks = integer(file.maxLeanTicks, "\(path).maxLeanTicks", default: settings.maxLeanTicks, range: 0...20)
        if let taking = file.taking { settings.taking = validateTaking(taking, "\(path).taking") }
        return settings
    }

    /// `strategy.momentum.taking`: every key is checked even while `enabled` is false, so a mistake shows
    /// before it is switched on.
    mutating func validateTaking(_ file: ConfigurationFile.Taking, _ path: String) -> MomentumTaking? {
        var taking = MomentumTaking()
        taking.entryTicks = Int64(integer(file.entryTicks, "\(path).entryTicks", default: Int(taking.entryTicks), range: 1...50))
        taking.exitTicks = Int64(integer(file.exitTicks, "\(path).exitTicks", default: Int(taking.exitTicks), range: 0...50))
        taking.size = quantity(file.size, "\(path).size", default: taking.size.micros, positive: true)
        taking.maxPosition = quantity(file.maxPosition, "\(path).maxPosition", default: taking.maxPosition.micros, positive: true)
        taking.slippageTicks = Int64(integer(file.slippageTicks, "\(path).slippageTicks", default: Int(taking.slippageTicks), range: 0...20))
        taking.cooldownMilliseconds = Int64(integer(file.cooldownSeconds, "\(path).cooldownSeconds", default: 30, range: 1...86_400)) * 1_000
        return file.enabled == true ? taking : nil
    }

    /// `strategy.grid`: 1 to 20 levels, a step from 0.001 to 0.5, a positive size, bounds inside (0, 1)
    /// with the lower one below the upper one.
    mutating func validateGrid(_ file: ConfigurationFile.Grid) -> GridConfiguration {
        var settings = GridConfiguration()
        settings.levels = integer(file.levels, "strategy.grid.levels", default: settings.levels, range: 1...20)
        settings.step = price(file.step, "strategy.grid.step", default: settings.step, range: 1_000...500_000)
        if file.sizePerLevel != nil {
            settings.sizePerLevel = quantity(file.sizePerLevel, "strategy.grid.sizePerLevel", default: 0, positive: true)
        }
        if file.lowerBound != nil { settings.lowerBound = Price(micros: price(file.lowerBound, "strategy.grid.lowerBound", default: 1, range: 1...999_999)) }
        if file.upperBound != nil { settings.upperBound = Price(micros: price(file.upperBound, "strategy.grid.upperBound", default: 999_999, range: 1...999_999)) }
        if let lower = settings.lowerBound, let upper = settings.upperBound, lower >= upper {
            add("strategy.grid.lowerBound", "strategy.grid.lowerBound (\(lower)) must be below strategy.grid.upperBound (\(upper))")
        }
        return settings
    }
}
