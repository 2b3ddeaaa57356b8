/// `/assets/app.js`: the dashboard's script (routing, tables, SVG charts, the live stream). Hand-written,
/// no library; kept here as a literal so the binary serves it.
extension DashboardAssets {
    static let script: StaticString = #"""
        // mmd dashboard: hand-written, no dependencies. Amounts arrive as integer micro-units and are only
        // turned into decimals for display. Charts are SVG drawn here.
        "use strict";

        const M = 1e6;
        const $ = (selector, root) => (root || document).querySelector(selector);
        const app = () => $("#app");

        function el(tag, attrs, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attrs || {})) {
            if (value === undefined || value === null || value === false) continue;
            if (key === "class") node.className = value;
            else if (key === "text") node.textContent = value;
            else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
            else node.setAttribute(key, value === true ? "" : value);
          }
          for (const child of children.flat()) {
            if (child === null || child === undefined) continue;
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
          }
          return node;
        }

        const svgNS = "http://www.w3.org/2000/svg";
        function svg(tag, attrs) {
          const node = document.createElementNS(svgNS, tag);
          for (const [key, value] of Object.entries(attrs || {})) if (value !== undefined && value !== null) node.setAttribute(key, value);
          return node;
        }

        // --- formatting (display only) ---------------------------------------------------------------------
        function fixed(micros, digits) { return (micros / M).toFixed(digits); }
        function money(micros, signed) {
          if (micros === null || micros === undefined) return "–";
          const text = Math.abs(micros / M).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
          const sign = micros < 0 ? "−" : (signed && micros > 0 ? "+" : "");
          return sign + text;
        }
        function price(micros) { return micros === null || micros === undefined ? "–" : fixed(micros, 3); }
        function cents(micros) { return micros === null || micros === undefined ? "–" : (micros / 1e4).toFixed(1) + "¢"; }
        function shares(micros, signed) {
          if (micros === null || micros === undefined) return "–";
          const text = Math.abs(micros / M).toLocaleString("en-US", { maximumFractionDigits: 2 });
          return (micros < 0 ? "−" : (signed && micros > 0 ? "+" : "")) + text;
        }
        function percent(millionths) { return (millionths / 1e4).toFixed(millionths >= 1e5 ? 0 : 1) + "%"; }
        function tone(micros) { return micros > 0 ? "pos" : (micros < 0 ? "neg" : ""); }
        function clock(ms) { return new Date(ms).toLocaleTimeString("en-GB", { hour12: false }); }
        function shortID(id) { return id.length > 14 ? id.slice(0, 8) + "…" + id.slice(-4) : id; }
        function ago(ms, now) {
          const s = Math.max(0, Math.round((now - ms) / 1000));
          return s < 60 ? s + "s" : (s < 3600 ? Math.round(s / 60) + "m" : Math.round(s / 3600) + "h");
        }
        function reasonText(reason) { return (reason || "not scoring").replace(/_/g, " "); }
        function scoring(order) {
          if (order.state !== "live") return el("span", { class: "muted", text: "– " + order.state });
          return order.scores ? el("span", { class: "score-yes", text: "✓ scores" }) : el("span", { class: "score-no", text: "✗ " + reasonText(order.reason) });
        }
        function badge(state) { return el("span", { class: "badge " + state, text: state }); }
        function card(label, value, detail, cls) {
          return el("div", { class: "card" }, el("div", { class: "label", text: label }), el("div", { class: "value " + (cls || ""), text: value }),
            detail ? el("div", { class: "detail", text: detail }) : null);
        }
        function exposureBar(net, limit, wide) {
          const bar = el("span", { class: "bar" + (wide ? " wide" : ""), title: shares(net, true) + " of ±" + shares(limit) });
          const ratio = limit > 0 ? Math.max(-1, Math.min(1, net / limit)) : 0;
          const fill = el("span");
          fill.style.left = (ratio >= 0 ? 50 : 50 + ratio * 50) + "%";
          fill.style.width = Math.abs(ratio * 50) + "%";
          fill.style.background = Math.abs(ratio) > 0.8 ? "var(--red)" : (Math.abs(ratio) > 0.5 ? "var(--amber)" : "var(--blue)");
          bar.append(fill, el("i"));
          return bar;
        }

        // --- live connection ------------------------------------------------------------------------------
        let source = null;
        function connect(url, name, onEvent) {
          if (source) source.close();
          source = new EventSource(url);
          const live = $("#live");
          source.addEventListener("open", () => { live.className = "live on"; live.title = "live"; });
          source.addEventListener("error", () => { live.className = "live off"; live.title = "reconnecting…"; });
          source.addEventListener(name, (event) => { live.className = "live on"; onEvent(JSON.parse(event.data)); });
        }

        async function getJSON(url) {
          const response = await fetch(url, { cache: "no-store" });
          if (!response.ok) throw new Error(url + ": " + response.status + " " + (await response.text()));
          return response.json();
        }

        // --- overview ---------------------------------------------------------------------------------------
        const overview = { offset: 0, limit: 50, sort: "pnl", dir: "desc", filter: "" };
        const columns = [
          ["market", "Market", false], ["state", "State", false], ["mid", "Mid", true], [null, "Book bid / ask", true],
          [null, "Our bid / ask", true], ["net", "Net (YES − NO)", true], ["pnl", "P&L", true], [null, "Rewards", true],
          ["reward_share", "Reward share", true], ["fills", "Fills", true],
        ];

        // Columns a phone leaves out (the market page has them).
        const wideOnly = new Set(["Book bid / ask", "Our bid / ask", "Rewards", "Mid"]);

        function overviewQuery() {
          const q = new URLSearchParams({ offset: overview.offset, limit: overview.limit, sort: overview.sort, dir: overview.dir, filter: overview.filter });
          return q.toString();
        }

        function renderOverviewShell() {
          $("#crumbs").textContent = "all markets";
          document.title = "mmd · markets";
          const filter = el("input", { type: "search", id: "filter", placeholder: "filter by name, id or state…", value: overview.filter });
          let timer = null;
          filter.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(() => { overview.filter = filter.value; overview.offset = 0; startOverview(); }, 200);
          });
          const size = el("select", { id: "page-size" }, [25, 50, 100, 200].map((n) => el("option", { value: n, selected: n === overview.limit, text: n + " / page" })));
          size.addEventListener("change", () => { overview.limit = Number(size.value); overview.offset = 0; startOverview(); });
          const head = el("tr", {}, columns.map(([key, label, numeric]) => {
            const th = el("th", { class: (numeric ? "num " : "") + (key ? "sortable " : "") + (wideOnly.has(label) ? "wide-only" : ""), "data-sort": key, text: label });
            if (key) th.addEventListener("click", () => {
              if (overview.sort === key) overview.dir = overview.dir === "desc" ? "asc" : "desc";
              else { overview.sort = key; overview.dir = key === "market" || key === "state" ? "asc" : "desc"; }
              overview.offset = 0; startOverview();
            });
            return th;
          }));
          app().replaceChildren(
            el("div", { id: "totals", class: "cards" }),
            el("div", { class: "panel" },
              el("div", { class: "toolbar" }, filter, size,
                el("div", { class: "pager" }, el("button", { id: "prev", text: "‹ prev", onclick: () => { overview.offset = Math.max(0, overview.offset - overview.limit); startOverview(); } }),
                  el("span", { id: "page-info" }), el("button", { id: "next", text: "next ›", onclick: () => { overview.offset += overview.limit; startOverview(); } }))),
              el("div", { class: "table-wrap" }, el("table", { id: "markets" }, el("thead", {}, head), el("tbody", {}, el("tr", {}, el("td", { class: "empty", colspan: columns.length, text: "waiting for the first sample…" })))))),
            el("div", { class: "foot", id: "sampled" }));
        }

        function renderOverview(page) {
          const t = page.totals;
          const states = Object.entries(t.by_state || {}).sort().map(([s, n]) => n + " " + s).join(" · ");
          $("#totals").replaceChildren(
            card("Markets", String(t.markets), states || "–"),
            card("Quoting", String(t.quoting), t.markets ? percent(Math.round((t.quoting / t.markets) * M)) + " of markets" : ""),
            card("Total P&L", money(t.pnl, true), "pUSD", tone(t.pnl)),
            card("Realized", money(t.realized, true), "unrealized " + money(t.unrealized, true), tone(t.realized)),
            card("Rewards", money(t.rewards), "rewards and rebates, pUSD"),
            card("Gross |net|", shares(t.gross_net), "shares across markets"),
            card("Fills", String(t.fills), "applied since start"));
          for (const th of document.querySelectorAll("#markets th")) {
            th.classList.toggle("sorted", th.dataset.sort === page.sort);
            th.classList.toggle("asc", !page.descending);
          }
          const body = $("#markets tbody");
          if (!page.rows.length) {
            body.replaceChildren(el("tr", {}, el("td", { class: "empty", colspan: columns.length, text: page.total ? "no market matches the filter" : "no markets yet" })));
          } else {
            body.replaceChildren(...page.rows.map((row) => {
              const tr = el("tr", { class: "clickable", "data-market": row.market, onclick: () => navigate("/market/" + row.market) },
                el("td", { class: "name", title: row.market }, el("a", { href: "/market/" + row.market, onclick: (e) => { e.preventDefault(); navigate("/market/" + row.market); } }, row.name || shortID(row.market)),
                  row.name ? el("div", { class: "sub", text: shortID(row.market) }) : null),
                el("td", {}, badge(row.state)),
                el("td", { class: "num wide-only", text: price(row.mid) }),
                el("td", { class: "num wide-only" }, el("span", { class: "pos", text: price(row.best_bid) }), " / ", el("span", { class: "neg", text: price(row.best_ask) })),
                el("td", { class: "num wide-only" }, el("span", { class: "mine", text: price(row.our_bid) }), " / ", el("span", { class: "mine", text: price(row.our_ask) })),
                el("td", { class: "num" }, el("span", { class: tone(row.net), text: shares(row.net, true) }), exposureBar(row.net, row.limit)),
                el("td", { class: "num " + tone(row.pnl), text: money(row.pnl, true) }),
                el("td", { class: "num wide-only", text: money(row.rewards) }),
                el("td", { class: "num" }, !row.scores ? el("span", { class: "score-no", title: "the quotes cannot score", text: "✗ " + percent(row.reward_share) })
                  : el("span", { class: row.reward_share > 0 ? "score-yes" : "muted", text: percent(row.reward_share) })),
                el("td", { class: "num", text: String(row.fills) }));
              return tr;
            }));
          }
          const last = Math.min(page.offset + page.limit, page.matched);
          $("#page-info").textContent = page.matched ? (page.offset + 1) + "–" + last + " of " + page.matched + (page.matched !== page.total ? " (" + page.total + " in all)" : "") : "0 of " + page.total;
          $("#prev").disabled = page.offset === 0;
          $("#next").disabled = last >= page.matched;
          $("#sampled").textContent = page.sampled_at ? "sampled " + clock(page.sampled_at) + " · amounts in pUSD, prices on the YES side" : "";
        }

        function startOverview() {
          connect("/api/events?" + overviewQuery(), "overview", renderOverview);
          getJSON("/api/overview?" + overviewQuery()).then(renderOverview).catch(() => {});
        }

        // --- charts -----------------------------------------------------------------------------------------
        // series: [{values, color, width, dash, step, label}], band: {low, high}, markers: [{t, v, color}]
        function drawChart(host, times, series, options) {
          const width = Math.max(320, host.clientWidth || 800), height = options.height || 240;
          const pad = { l: 58, r: 12, t: 10, b: 22 };
          const root = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, width: width, height: height, role: "img" });
          let lo = Infinity, hi = -Infinity, points = 0;
          const consider = (v) => { if (v !== null && v !== undefined) { lo = Math.min(lo, v); hi = Math.max(hi, v); } };
          for (const s of series) for (const v of s.values) consider(v);
          if (options.band) for (let i = 0; i < times.length; i++) { consider(options.band.low[i]); consider(options.band.high[i]); }
          for (const v of options.levels || []) consider(v);
          for (const m of options.markers || []) consider(m.v);
          const t0 = options.from, t1 = Math.max(options.to, t0 + 1);
          if (!isFinite(lo)) { lo = 0; hi = 1; }
          if (hi - lo < (options.minSpan || 1)) { const mid = (hi + lo) / 2; lo = mid - (options.minSpan || 1) / 2; hi = mid + (options.minSpan || 1) / 2; }
          const margin = (hi - lo) * 0.08; lo -= margin; hi += margin;
          const x = (t) => pad.l + ((t - t0) / (t1 - t0)) * (width - pad.l - pad.r);
          const y = (v) => pad.t + (1 - (v - lo) / (hi - lo)) * (height - pad.t - pad.b);
          // Grid lines on round values (1, 2 or 5 × a power of ten, in the series' micro-units).
          const raw = (hi - lo) / 4, power = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / power;
          const step = (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
          for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
            const yy = y(v);
            root.append(svg("line", { class: "grid-line", x1: pad.l, x2: width - pad.r, y1: yy, y2: yy }));
            const label = svg("text", { x: pad.l - 6, y: yy + 3, "text-anchor": "end" }); label.textContent = options.format(v); root.append(label);
          }
          for (let i = 0; i <= 5; i++) {
            const t = t0 + ((t1 - t0) * i) / 5;
            const label = svg("text", { x: x(t), y: height - 6, "text-anchor": i === 0 ? "start" : (i === 5 ? "end" : "middle") });
            label.textContent = clock(t).slice(0, options.to - options.from > 3 * 3600e3 ? 5 : 8); root.append(label);
          }
          for (const v of options.levels || []) {
            root.append(svg("line", { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), stroke: "#f5b04166", "stroke-dasharray": "4 4" }));
          }
          // Each point holds until the next one (the series is written only when something changed).
          const path = (values, step) => {
            let d = "", open = false;
            for (let i = 0; i < times.length; i++) {
              const v = values[i];
              if (v === null || v === undefined) { open = false; continue; }
              const xx = x(Math.max(times[i], t0)).toFixed(1), yy = y(v).toFixed(1);
              if (!open) { d += `M${xx},${yy}`; open = true; } else if (step) { d += `H${xx}V${yy}`; } else { d += `L${xx},${yy}`; }
              points++;
              const next = i + 1 < times.length ? times[i + 1] : options.to;
              if (step && (i + 1 === times.length)) d += `H${x(next).toFixed(1)}`;
            }
            return d;
          };
          if (options.band) {
            let d = "", run = [];
            const flush = () => {
              if (run.length) {
                // Stepped like the series: each value holds until the next sample.
                const xs = run.map((i, k) => [x(Math.max(times[i], t0)).toFixed(1), x(k + 1 < run.length ? Math.max(times[run[k + 1]], t0) : (run[k] + 1 < times.length ? times[run[k] + 1] : options.to)).toFixed(1)]);
                d += "M" + run.map((i, k) => `${xs[k][0]},${y(options.band.high[i]).toFixed(1)}H${xs[k][1]}`).join("L");
                d += "L" + run.map((i, k) => [i, k]).reverse().map(([i, k]) => `${xs[k][1]},${y(options.band.low[i]).toFixed(1)}H${xs[k][0]}`).join("L") + "Z";
              }
              run = [];
            };
            for (let i = 0; i < times.length; i++) { if (options.band.low[i] === null) flush(); else run.push(i); }
            flush();
            root.append(svg("path", { d: d, fill: "var(--band)", stroke: "none", class: "band" }));
          }
          for (const s of series) {
            const d = path(s.values, s.step);
            if (d) root.append(svg("path", { d: d, fill: "none", stroke: s.color, "stroke-width": s.width || 1.5, "stroke-dasharray": s.dash, "stroke-linejoin": "round", class: "series" }));
          }
          for (const m of options.markers || []) {
            if (m.t < t0) continue;
            root.append(svg("circle", { cx: x(m.t), cy: y(m.v), r: 4.5, fill: m.color, stroke: "#f5b041", "stroke-width": 1.6, class: "marker" }));
          }
          root.setAttribute("data-points", String(points));
          host.replaceChildren(root);
          if (options.legend) host.append(el("div", { class: "legend" }, options.legend.map(([label, color]) => el("span", {}, el("i", { style: null }), label))));
          if (options.legend) host.querySelectorAll(".legend i").forEach((node, i) => { node.style.background = options.legend[i][1]; });
        }

        // --- market page ------------------------------------------------------------------------------------
        const market = { id: null, range: "15m", history: null, detail: null, seenTrades: new Set(), first: true };

        function renderMarketShell(id) {
          market.id = id; market.history = null; market.detail = null; market.seenTrades = new Set(); market.first = true;
          $("#crumbs").replaceChildren(el("a", { href: "/", onclick: (e) => { e.preventDefault(); navigate("/"); }, text: "all markets" }), " / ", shortID(id));
          const ranges = el("div", { class: "ranges" }, ["5m", "15m", "1h", "6h", "24h", "7d"].map((r) =>
            el("button", { class: r === market.range ? "active" : "", "data-range": r, text: r, onclick: () => { market.range = r; document.querySelectorAll(".ranges button").forEach((b) => b.classList.toggle("active", b.dataset.range === r)); loadHistory(); } })));
          app().replaceChildren(
            el("div", { class: "head" }, el("div", {}, el("h1", { id: "title", text: shortID(id) }), el("div", { class: "sub", id: "subtitle", text: id })), el("div", { id: "state" })),
            el("div", { id: "stats", class: "cards" }),
            el("div", { class: "grid" },
              el("div", { class: "panel" }, el("div", { class: "head" }, el("h2", { text: "Price · our quotes · reward band" }), ranges), el("div", { id: "price-chart" })),
              el("div", { class: "panel" }, el("h2", { text: "Book near the touch" }), el("table", { class: "book", id: "book" }))),
            el("div", { class: "grid2" },
              el("div", { class: "panel" }, el("h2", { text: "Inventory" }), el("div", { id: "inventory-chart" })),
              el("div", { class: "panel" }, el("h2", { text: "P&L" }), el("div", { id: "pnl-chart" }))),
            el("div", { class: "grid2" },
              el("div", { class: "panel" }, el("h2", { text: "Our orders" }), el("div", { class: "table-wrap" }, el("table", { id: "orders" }))),
              el("div", { class: "panel" }, el("h2", { text: "Risk events" }), el("div", { class: "scroll" }, el("table", { id: "risk" })))),
            el("div", { class: "panel" }, el("h2", { text: "Trade history (our fills)" }), el("div", { class: "scroll table-wrap" }, el("table", { id: "fills" }))),
            el("div", { class: "panel", id: "performance" }, el("h2", { text: "Performance since start (mmctl stats)" }), el("div", { id: "perf-body", class: "muted", text: "loading…" })),
            el("div", { class: "foot", id: "updated" }));
        }

        // Fill rate, time two-sided and in each risk state, markouts and the reward rate (/api/markets/ID/performance).
        const stateColours = { quoting: "var(--green)", skewed: "#58d68d", "one-sided": "var(--amber)", "paused-volatility": "#f5b041", paused: "#85929e",
          cooldown: "#5d6d7e", stopped: "var(--red)", liquidating: "#e74c3c", halted: "#922b21" };
        async function loadPerformance() {
          const id = market.id;
          try {
            const report = await getJSON("/api/markets/" + id + "/performance");
            if (market.id !== id || !report.markets.length) return;
            renderPerformance(report.markets[0], report);
          } catch (error) { $("#perf-body").textContent = String(error); }
        }
        function renderPerformance(p, report) {
          const hours = (ms) => (ms / 3.6e6).toFixed(ms >= 3.6e6 ? 1 : 2) + " h";
          const rate = (micros) => micros === undefined || micros === null ? "–" : (micros / M).toFixed(2);
          const cards = el("div", { class: "cards" },
            card("Two-sided", p.twoSidedFractionMicros === undefined ? "–" : percent(p.twoSidedFractionMicros), "of " + hours(p.observedMilliseconds) + " observed"),
            card("Fills / hour", rate(p.fillsPerHourMicros), p.fills + " fills"),
            card("Fills / quote", p.fillsPerQuoteMicros === undefined ? "–" : percent(p.fillsPerQuoteMicros), p.quotesPosted + " quotes posted"),
            card("Reward rate", p.rewards.paidPerDayMicros === undefined ? "–" : money(p.rewards.paidPerDayMicros) + "/day",
              p.rewards.days ? "paid over " + p.rewards.days + " day(s)" + (p.rewards.paidToExpectedMicros !== undefined ? ", " + percent(p.rewards.paidToExpectedMicros) + " of expected" : "") : "no day reconciled yet"),
            card("Capital", money(p.rewards.capitalMicros), p.rewards.paidPerDayPerCapitalMicros !== undefined ? percent(p.rewards.paidPerDayPerCapitalMicros) + " a day on it" : "position + resting bids"));
          const total = Math.max(1, Object.values(p.riskStateMilliseconds).reduce((a, b) => a + b, 0));
          const bar = el("div", { class: "statebar" });
          const legend = el("div", { class: "legend" });
          Object.entries(p.riskStateMilliseconds).filter(([, ms]) => ms > 0).forEach(([state, ms]) => {
            const part = el("span", { title: state + " " + hours(ms) }); part.style.width = (ms / total * 100) + "%"; part.style.background = stateColours[state] || "#aab7b8";
            bar.append(part);
            const key = el("i"); key.style.background = stateColours[state] || "#aab7b8";
            legend.append(el("span", {}, key, state + " " + percent(Math.round(ms / total * M))));
          });
          const markouts = el("table", {}, el("thead", {}, el("tr", {}, ["Markout", "Fills", "Mean per share", "Value (pUSD)"].map((h, i) => el("th", { class: i ? "num" : "", text: h })))),
            el("tbody", {}, p.markouts.map((m) => el("tr", {},
              el("td", { text: (m.horizonMilliseconds / 1000) + " s" }), el("td", { class: "num", text: String(m.fills) }),
              el("td", { class: "num " + tone(m.meanPerShareMicros || 0), text: m.meanPerShareMicros === undefined ? "–" : cents(m.meanPerShareMicros) }),
              el("td", { class: "num " + tone(m.valueMicros), text: money(m.valueMicros, true) })))));
          $("#perf-body").className = "";
          $("#perf-body").replaceChildren(cards, el("h3", { text: "Time in each risk state" }), bar, legend,
            el("h3", { text: "Markouts of our fills (last " + hours(report.markoutWindowMilliseconds) + "): positive = the market moved our way" }), markouts);
        }

        function renderMarket(d) {
          market.detail = d;
          const r = d.row;
          document.title = "mmd · " + (r.name || shortID(r.market));
          $("#title").textContent = r.name || shortID(r.market);
          $("#subtitle").textContent = r.market + " · " + d.strategy + " strategy · tick " + fixed(d.tick, 3);
          $("#state").replaceChildren(badge(r.state), " ", r.two_sided ? el("span", { class: "badge quoting", text: "two-sided" }) : el("span", { class: "badge one-sided", text: "not two-sided" }));
          const spread = r.best_bid !== undefined && r.best_ask !== undefined ? r.best_ask - r.best_bid : null;
          const netCard = card("Net (YES − NO)", shares(r.net, true), "limit ±" + shares(r.limit), tone(r.net));
          netCard.append(exposureBar(r.net, r.limit, true));
          $("#stats").replaceChildren(
            card("Mid", price(r.mid), spread !== null ? "spread " + cents(spread) : "no two-sided book"),
            card("Our bid / ask", price(r.our_bid) + " / " + price(r.our_ask), "band ±" + cents(d.reward_max_spread) + " around " + price(d.reward_mid), "tight"),
            netCard,
            card("YES / NO", shares(r.yes) + " / " + shares(r.no), "shares held"),
            card("Total P&L", money(r.pnl, true), "pUSD", tone(r.pnl)),
            card("Realized", money(r.realized, true), "unrealized " + money(r.unrealized, true), tone(r.realized)),
            card("Rewards", money(r.rewards), "pool " + money(r.reward_daily_rate) + "/day"),
            card("Reward share", percent(r.reward_share), d.scoring, r.reward_share > 0 ? "pos" : (r.scores ? "" : "neg")),
            card("Fills", String(r.fills), "applied since start"));
          renderBook(d);
          renderOrders(d);
          renderFills(d);
          renderRisk(d);
          $("#updated").textContent = "updated " + clock(d.now) + " · amounts in pUSD, prices on the YES side, sizes in shares";
          appendLive(d);
        }

        function renderBook(d) {
          const max = Math.max(1, ...d.bids.map((l) => l.size), ...d.asks.map((l) => l.size));
          const orderAt = (leg, p) => d.orders.filter((o) => o.leg === leg && o.state === "live" && o.yes_price === p);
          const row = (level, kind) => {
            const ours = orderAt(kind, level.price);
            const scores = ours.length && ours.every((o) => o.scores);
            const bar = el("span", { class: "fillbar" }); bar.style.width = Math.round((level.size / max) * 100) + "%";
            return el("tr", { class: kind + (level.ours ? " ours" : "") },
              el("td", { class: "num price", text: price(level.price) }),
              el("td", { class: "num depth" }, bar, shares(level.size)),
              el("td", { class: "num" }, level.ours ? el("span", { class: "mine", title: ours.map((o) => o.reason || "scores").join(", ") }, "◀ " + shares(level.ours) + " ", el("span", { class: scores ? "score-yes" : "score-no", text: scores ? "✓ scores" : "✗ " + reasonText(ours[0] && ours[0].reason) })) : ""));
          };
          const asks = d.asks.slice(0, 8).reverse().map((l) => row(l, "ask"));
          const bids = d.bids.slice(0, 8).map((l) => row(l, "bid"));
          const spread = d.asks.length && d.bids.length ? "spread " + cents(d.asks[0].price - d.bids[0].price) + " · mid " + price(d.row.mid) : "one-sided book";
          $("#book").replaceChildren(el("thead", {}, el("tr", {}, el("th", { class: "num", text: "Price" }), el("th", { class: "num", text: "Size" }), el("th", { class: "num", text: "Ours" }))),
            el("tbody", {}, asks, el("tr", { class: "spread" }, el("td", { colspan: 3, text: spread })), bids));
        }

        function renderOrders(d) {
          const rows = d.orders.map((o) => el("tr", {},
            el("td", {}, el("span", { class: o.leg === "bid" ? "pos" : "neg", text: o.leg })),
            el("td", {}, o.side + " ", el("span", { class: "badge " + o.outcome.toLowerCase(), text: o.outcome })),
            el("td", { class: "num", text: price(o.price) }), el("td", { class: "num", text: price(o.yes_price) }),
            el("td", { class: "num", text: shares(o.remaining) }), el("td", { text: o.state }),
            el("td", {}, scoring(o)),
            el("td", { class: "num muted", text: ago(o.since, d.now) })));
          $("#orders").replaceChildren(el("thead", {}, el("tr", {}, ["Leg", "Order", "Price", "YES px", "Size", "State", "Scoring", "Age"].map((h, i) => el("th", { class: i >= 2 && i <= 4 || i === 7 ? "num" : "", text: h })))),
            el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { class: "empty", colspan: 8, text: "no orders resting" }))));
        }

        function renderFills(d) {
          const fresh = [];
          const rows = d.fills.map((f) => {
            const key = f.trade_id + "|" + f.order_id;
            const isNew = !market.first && !market.seenTrades.has(key);
            market.seenTrades.add(key);
            if (isNew) fresh.push(f);
            const mk = (h) => f.markouts[h] === undefined ? el("td", { class: "num muted", text: "…" }) : el("td", { class: "num " + tone(f.markouts[h]), text: cents(f.markouts[h]) });
            return el("tr", { class: isNew ? "flash" : "", "data-trade": f.trade_id },
              el("td", { class: "num", text: clock(f.time) }),
              el("td", {}, f.side + " ", el("span", { class: "badge " + f.outcome.toLowerCase(), text: f.outcome })),
              el("td", {}, el("span", { class: (f.outcome === "YES") === (f.side === "BUY") ? "pos" : "neg", text: (f.outcome === "YES") === (f.side === "BUY") ? "bid" : "ask" })),
              el("td", { class: "num", text: price(f.price) }), el("td", { class: "num", text: shares(f.size) }),
              el("td", { class: "num", text: money((f.price / M) * f.size) }),
              el("td", {}, f.status.toLowerCase(), f.taker ? el("span", { class: "muted", text: " taker" }) : ""),
              mk("1s"), mk("10s"), mk("60s"));
          });
          market.first = false;
          $("#fills").replaceChildren(el("thead", {}, el("tr", {}, ["Time", "Order", "Leg", "Price", "Size", "Value", "Status", "Markout 1s", "10s", "60s"].map((h, i) => el("th", { class: i === 1 || i === 2 || i === 6 ? "" : "num", text: h })))),
            el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { class: "empty", colspan: 10, text: "no fills yet" }))));
          if (fresh.length && market.history) drawCharts();
        }

        function renderRisk(d) {
          const rows = d.risk_events.map((e) => el("tr", {}, el("td", { class: "num", text: clock(e.time) }), el("td", {}, el("span", { class: "badge halted", text: e.kind })), el("td", { class: "muted", text: e.reason })));
          $("#risk").replaceChildren(el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { class: "empty", text: "no risk events" }))));
        }

        const rangeSeconds = { "5m": 300, "15m": 900, "1h": 3600, "6h": 21600, "24h": 86400, "7d": 604800 };

        async function loadHistory() {
          const id = market.id;
          try {
            const h = await getJSON("/api/markets/" + id + "/history?range=" + market.range);
            if (market.id !== id) return;
            market.history = h;
            drawCharts();
          } catch (error) { $("#price-chart").textContent = String(error); }
        }

        // A live update becomes one more point, so the charts move between history loads.
        function appendLive(d) {
          const h = market.history; if (!h) return;
          const r = d.row, t = d.now;
          if (h.time.length && t <= h.time[h.time.length - 1]) return;
          h.time.push(t); h.mid.push(r.mid ?? null); h.best_bid.push(r.best_bid ?? null); h.best_ask.push(r.best_ask ?? null);
          h.our_bid.push(r.our_bid ?? null); h.our_ask.push(r.our_ask ?? null); h.yes.push(r.yes); h.no.push(r.no); h.net.push(r.net);
          h.realized.push(r.realized); h.unrealized.push(r.unrealized); h.rewards.push(r.rewards); h.total.push(r.pnl);
          h.to = t; h.from = t - rangeSeconds[market.range] * 1000;
          drawCharts();
        }

        function drawCharts() {
          const h = market.history, d = market.detail; if (!h) return;
          const band = d ? d.reward_max_spread : 0;
          const fills = d ? d.fills.filter((f) => f.status !== "FAILED").map((f) => ({ t: f.time, v: f.yes_price, color: (f.outcome === "YES") === (f.side === "BUY") ? "var(--green)" : "var(--red)" })) : [];
          // A series younger than the range (a daemon started recently) fills the width; at least a minute is shown.
          const start = h.time.length ? Math.min(Math.max(h.from, h.time[0]), h.to - 60000) : h.from;
          const range = { from: start, to: h.to };
          drawChart($("#price-chart"), h.time, [
            { values: h.best_bid, color: "#26c28188", width: 1, step: true },
            { values: h.best_ask, color: "#ef535088", width: 1, step: true },
            { values: h.mid, color: "#d7e0ea", width: 1.6, step: true },
            { values: h.our_bid, color: "var(--green)", width: 2.2, dash: "5 3", step: true },
            { values: h.our_ask, color: "var(--red)", width: 2.2, dash: "5 3", step: true },
          ], Object.assign({ height: 280, format: (v) => fixed(v, 3), minSpan: 20000, markers: fills,
            band: { low: h.mid.map((m) => m === null ? null : m - band), high: h.mid.map((m) => m === null ? null : m + band) },
            legend: [["mid", "#d7e0ea"], ["best bid", "#26c28188"], ["best ask", "#ef535088"], ["our bid (dashed)", "var(--green)"], ["our ask (dashed)", "var(--red)"], ["reward band", "rgba(74,163,255,.35)"], ["our fills ●", "var(--amber)"]] }, range));
          const limit = d ? d.row.limit : 0;
          drawChart($("#inventory-chart"), h.time, [
            { values: h.yes, color: "var(--green)", width: 1.4, step: true },
            { values: h.no, color: "var(--red)", width: 1.4, step: true },
            { values: h.net, color: "var(--blue)", width: 2.2, step: true },
          ], Object.assign({ height: 200, format: (v) => shares(v), levels: limit ? [limit, -limit] : [], minSpan: 2 * M,
            legend: [["YES", "var(--green)"], ["NO", "var(--red)"], ["net", "var(--blue)"], ["±limit", "#f5b041"]] }, range));
          drawChart($("#pnl-chart"), h.time, [
            { values: h.realized, color: "var(--violet)", width: 1.4, step: true },
            { values: h.unrealized, color: "var(--amber)", width: 1.4, step: true },
            { values: h.rewards, color: "var(--blue)", width: 1.4, step: true },
            { values: h.total, color: "#d7e0ea", width: 2.2, step: true },
          ], Object.assign({ height: 200, format: (v) => money(v, true), minSpan: 0.1 * M,
            legend: [["realized", "var(--violet)"], ["unrealized", "var(--amber)"], ["rewards", "var(--blue)"], ["total", "#d7e0ea"]] }, range));
        }

        let historyTimer = null;
        function startMarket(id) {
          renderMarketShell(id);
          getJSON("/api/markets/" + id).then(renderMarket).catch((error) => { app().replaceChildren(el("p", { class: "neg", text: String(error) })); });
          loadHistory();
          clearInterval(historyTimer);
          historyTimer = setInterval(() => { loadHistory(); loadPerformance(); }, 30000);
          loadPerformance();
          connect("/api/events?market=" + encodeURIComponent(id), "market", renderMarket);
        }

        // --- routing ----------------------------------------------------------------------------------------
        function navigate(path) { history.pushState({}, "", path); route(); }
        function route() {
          clearInterval(historyTimer);
          const match = location.pathname.match(/^\/market\/([^/]+)/);
          if (match) startMarket(decodeURIComponent(match[1]));
          else { renderOverviewShell(); startOverview(); }
        }
        window.addEventListener("popstate", route);
        window.addEventListener("resize", () => { if (market.history && location.pathname.startsWith("/market/")) drawCharts(); });
        document.addEventListener("DOMContentLoaded", route);
        """#
}
