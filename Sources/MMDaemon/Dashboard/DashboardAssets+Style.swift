/// `/assets/app.css`: the dashboard's dark theme.
extension DashboardAssets {
    static let style: StaticString = #"""
        :root {
          --bg: #0b0f14; --panel: #121821; --panel2: #17202b; --line: #223041; --text: #d7e0ea; --muted: #7f8ea3;
          --green: #26c281; --red: #ef5350; --amber: #f5b041; --blue: #4aa3ff; --violet: #b084f5; --band: rgba(74, 163, 255, 0.10);
          font-synthesis: none;
          color-scheme: dark;
        }
        * { box-sizing: border-box; }
        html, body { margin: 0; background: var(--bg); color: var(--text); font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        a { color: var(--blue); text-decoration: none; }
        a:hover { text-decoration: underline; }
        .num, td.num, th.num { font-variant-numeric: tabular-nums; text-align: right; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
        .muted { color: var(--muted); }
        .pos { color: var(--green); }
        .neg { color: var(--red); }
        header.top { display: flex; align-items: center; gap: 14px; padding: 10px 20px; background: #0e141b; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
        .brand { font-weight: 700; letter-spacing: .5px; color: var(--text); font-size: 15px; }
        .brand::before { content: "◆ "; color: var(--blue); }
        #crumbs { color: var(--muted); flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .live { font-size: 12px; }
        .live.on { color: var(--green); }
        .live.off { color: var(--red); }
        main { padding: 16px 20px 40px; max-width: 1500px; margin: 0 auto; }
        h1 { font-size: 18px; margin: 0 0 2px; font-weight: 600; }
        h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .8px; color: var(--muted); margin: 0 0 8px; font-weight: 600; }
        .sub { color: var(--muted); font-size: 12px; word-break: break-all; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr)); gap: 10px; margin: 14px 0; }
        .card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
        .card .label { color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: .6px; }
        .card .value { white-space: nowrap; font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; margin-top: 2px; }
        .card .value.tight { font-size: 16px; padding-top: 3px; }
        .card .detail { color: var(--muted); font-size: 11.5px; font-variant-numeric: tabular-nums; }
        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
        .grid { display: grid; grid-template-columns: minmax(0, 2.2fr) minmax(300px, 1fr); gap: 12px; margin-bottom: 12px; }
        .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-bottom: 12px; }
        @media (max-width: 1000px) { .grid, .grid2 { grid-template-columns: 1fr; } }
        table { width: 100%; border-collapse: collapse; }
        th { text-align: left; color: var(--muted); font-weight: 500; font-size: 11.5px; text-transform: uppercase; letter-spacing: .5px; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; user-select: none; }
        th.sortable { cursor: pointer; }
        th.sortable:hover { color: var(--text); }
        th.sorted::after { content: " ▾"; color: var(--blue); }
        th.sorted.asc::after { content: " ▴"; }
        td { padding: 6px 8px; border-bottom: 1px solid #19232f; white-space: nowrap; }
        tbody tr:hover { background: var(--panel2); }
        tr.clickable { cursor: pointer; }
        .name { max-width: 360px; overflow: hidden; text-overflow: ellipsis; }
        .badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 11px; font-weight: 600; background: #223041; color: var(--text); }
        .badge.quoting { background: rgba(38, 194, 129, .15); color: var(--green); }
        .badge.one-sided, .badge.paused-volatility, .badge.cooldown { background: rgba(245, 176, 65, .15); color: var(--amber); }
        .badge.halted, .badge.liquidating, .badge.stopped { background: rgba(239, 83, 80, .17); color: var(--red); }
        .badge.paused { background: rgba(127, 142, 163, .2); color: var(--muted); }
        .badge.yes { background: rgba(38, 194, 129, .15); color: var(--green); }
        .badge.no { background: rgba(239, 83, 80, .15); color: var(--red); }
        .toolbar { display: flex; gap: 10px; align-items: center; margin: 10px 0; flex-wrap: wrap; }
        input[type=search], select { background: var(--panel); color: var(--text); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; font: inherit; }
        input[type=search] { width: 280px; }
        button { background: var(--panel2); color: var(--text); border: 1px solid var(--line); border-radius: 6px; padding: 5px 11px; font: inherit; cursor: pointer; }
        button:hover:not(:disabled) { border-color: var(--blue); }
        button:disabled { opacity: .4; cursor: default; }
        button.active { background: var(--blue); border-color: var(--blue); color: #06121f; font-weight: 600; }
        .pager { margin-left: auto; display: flex; gap: 8px; align-items: center; color: var(--muted); }
        .bar { position: relative; height: 6px; background: #1d2733; border-radius: 3px; width: 90px; display: inline-block; vertical-align: middle; margin-left: 8px; }
        .bar > span { position: absolute; top: 0; bottom: 0; border-radius: 3px; }
        .bar > i { position: absolute; left: 50%; top: -2px; bottom: -2px; width: 1px; background: var(--muted); }
        .bar.wide { width: 100%; margin: 6px 0 0; height: 8px; }
        .chart { width: 100%; display: block; }
        .chart text { fill: var(--muted); font-size: 10.5px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        .chart .grid-line { stroke: #1c2733; stroke-width: 1; }
        .legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 11.5px; color: var(--muted); margin-top: 4px; }
        .legend i { display: inline-block; width: 14px; height: 3px; vertical-align: middle; margin-right: 5px; border-radius: 2px; }
        .head { display: flex; justify-content: space-between; align-items: baseline; gap: 10px; flex-wrap: wrap; margin-bottom: 6px; }
        .ranges { display: flex; gap: 4px; }
        .ranges button { padding: 2px 9px; font-size: 11.5px; }
        .book td { padding: 3px 8px; position: relative; }
        .book tr.ask td.price { color: var(--red); }
        .book tr.bid td.price { color: var(--green); }
        .book td.depth { width: 40%; }
        .book .fillbar { position: absolute; top: 3px; bottom: 3px; right: 0; border-radius: 2px; opacity: .22; }
        .book tr.ask .fillbar { background: var(--red); }
        .book tr.bid .fillbar { background: var(--green); }
        .book tr.ours td { background: rgba(74, 163, 255, .09); }
        .book tr.spread td { color: var(--muted); text-align: center; font-size: 11.5px; padding: 5px; border-bottom: 1px solid var(--line); border-top: 1px solid var(--line); }
        .mine { color: var(--blue); font-weight: 600; }
        .score-yes { color: var(--green); }
        .score-no { color: var(--amber); }
        tr.flash td { animation: flash 2s ease-out; }
        @keyframes flash { from { background: rgba(74, 163, 255, .35); } to { background: transparent; } }
        .empty { color: var(--muted); padding: 14px 8px; text-align: center; }
        .scroll { max-height: 360px; overflow: auto; }
        .kv { display: grid; grid-template-columns: auto 1fr; gap: 3px 12px; font-size: 12.5px; }
        .kv .k { color: var(--muted); }
        .foot { color: var(--muted); font-size: 11.5px; margin-top: 18px; }
        .table-wrap { overflow-x: auto; }
        @media (max-width: 700px) {
          main { padding: 10px 8px 30px; }
          header.top { padding: 8px 10px; }
          .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
          .card .value { font-size: 17px; }
          input[type=search] { width: 100%; }
          .pager { margin-left: 0; }
          #markets .wide-only { display: none; }
          .bar { width: 50px; }
          .name { max-width: 170px; white-space: normal; }
          td, th { padding: 5px 6px; }
        }
                .statebar { display: flex; height: 14px; border-radius: 4px; overflow: hidden; background: var(--panel2); margin: 6px 0; }
        .statebar span { display: block; height: 100%; }
        #performance h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 14px 0 4px; font-weight: 600; }
        """#
}
