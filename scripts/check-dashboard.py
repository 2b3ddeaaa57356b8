"""Drives headless Chromium against mmd's dashboard (scripts/check-dashboard starts mmd and mmsim).

Checks: the overview lists the market; the market page draws a price chart with data points; a fill
made at the simulator appears on the page within 2 s without a reload; every request the page made
went to the daemon. Saves screenshots. Exits non-zero with the reason on a failure.
"""
import argparse
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def fetch(url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def wait(what, predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    sys.exit(f"check-dashboard: {what} (waited {timeout} s)")


def micros_text(micros):
    return f"{micros / 1_000_000:.2f}"


def trades_on_page(driver):
    # Read in one script call: the live stream replaces the table's rows under a WebDriver element loop.
    return set(driver.execute_script(
        "return Array.from(document.querySelectorAll('#fills tbody tr[data-trade]'), (row) => row.dataset.trade)"))


def take_our_quote(daemon, simulator, market):
    """Sends a simulator taker through our bid (or ask): every level at or better than our price, ours included."""
    detail = fetch(f"{daemon}/api/markets/{market}")
    row = detail["row"]
    if row.get("our_bid") is not None:
        price = row["our_bid"]
        size = sum(level["size"] for level in detail["bids"] if level["price"] >= price)
        body = {"market": market, "outcome": "YES", "side": "SELL", "size": micros_text(size), "price": micros_text(price)}
    elif row.get("our_ask") is not None:
        price = row["our_ask"]
        size = sum(level["size"] for level in detail["asks"] if level["price"] <= price)
        body = {"market": market, "outcome": "YES", "side": "BUY", "size": micros_text(size), "price": micros_text(price)}
    else:
        return None
    answer = fetch(f"{simulator}/admin/take", body)
    return body, answer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--simulator", required=True)
    parser.add_argument("--market", required=True)
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1100", "--disable-gpu",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", "--metrics-recording-only"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        run(driver, args)
    finally:
        driver.quit()


def run(driver, args):
    daemon, market = args.daemon.rstrip("/"), args.market
    # 1. The overview lists the market.
    driver.get(daemon + "/")
    wait("the overview does not list the market",
         lambda: driver.find_elements(By.CSS_SELECTOR, f'#markets tbody tr[data-market="{market}"]'), 15)
    time.sleep(1.5)
    driver.save_screenshot(os.path.join(args.screenshots, "overview.png"))
    print("overview lists the market")

    # 2. The market page (reached by clicking the row) draws a price chart with data points. Forty seconds
    #    of history first, so the screenshot shows the market moving rather than a start-up instant.
    def span():
        history = fetch(f"{daemon}/api/markets/{market}/history?range=5m")
        return bool(history["time"]) and history["to"] - history["time"][0] >= 40_000

    wait("the series does not cover 40 s", span, 60)
    driver.find_element(By.CSS_SELECTOR, f'#markets tbody tr[data-market="{market}"]').click()
    wait("the market page did not open", lambda: driver.current_url.endswith("/market/" + market), 10)

    def points():
        return int(driver.execute_script(
            "const chart = document.querySelector('#price-chart svg'); return chart ? Number(chart.dataset.points || 0) : 0"))

    wait("the price chart has fewer than 10 data points", lambda: points() >= 10, 30)
    series, bands = driver.execute_script(
        "return [document.querySelectorAll('#price-chart svg path.series').length, document.querySelectorAll('#price-chart svg path.band').length]")
    if series < 3:
        sys.exit(f"check-dashboard: the price chart draws {series} series (mid, bid/ask, our quotes expected)")
    if not bands:
        sys.exit("check-dashboard: the price chart has no reward band")
    print(f"price chart: {points()} data points, {series} series")

    # 3. A fill made at the simulator appears within 2 s, without a reload.
    marker = driver.execute_script("window.__noReload = 'still here'; return window.__noReload")
    seen = trades_on_page(driver)
    for attempt in range(1, 21):
        before = fetch(f"{daemon}/api/markets/{market}")["row"]["fills"]
        taken = take_our_quote(daemon, args.simulator, market)
        if taken is None:
            time.sleep(1)
            continue
        started = time.monotonic()
        deadline = started + 2.0
        new = set()
        while time.monotonic() < deadline and not new:
            new = trades_on_page(driver) - seen
            if not new:
                time.sleep(0.02)
        elapsed = time.monotonic() - started
        if new:
            print(f"fill {sorted(new)[0]} on the page {elapsed:.2f} s after the taker order (attempt {attempt})")
            break
        # No fill on the page: either the taker missed our quote (it moved) or the page is late.
        time.sleep(1.0)
        after = fetch(f"{daemon}/api/markets/{market}")["row"]["fills"]
        if after != before:
            sys.exit(f"check-dashboard: mmd applied {after - before} fill(s) but the page did not show one within 2 s")
        seen = trades_on_page(driver)
        print(f"attempt {attempt}: the taker missed our quote ({taken[1]}); trying again")
    else:
        sys.exit("check-dashboard: no taker order reached our quotes in 20 attempts")
    if driver.execute_script("return window.__noReload") != marker:
        sys.exit("check-dashboard: the page was reloaded")
    time.sleep(1.0)
    driver.save_screenshot(os.path.join(args.screenshots, "market.png"))
    # The performance panel (mmctl stats' figures): time two-sided, states, the three markout horizons.
    wait("the performance panel shows no figures", lambda: driver.execute_script(
        "const body = document.querySelector('#perf-body'); return body !== null && body.querySelectorAll('tbody tr').length === 3"
        " && body.querySelector('.statebar span') !== null && body.textContent.includes('Two-sided')"), 10)
    print("performance panel: two-sided share, time in each risk state, markouts at 1 s, 10 s, 60 s")
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    time.sleep(0.3)
    driver.save_screenshot(os.path.join(args.screenshots, "market-bottom.png"))

    # Back to the overview through the browser's history (the page routes without a reload).
    driver.back()
    wait("the overview did not come back", lambda: driver.execute_script(
        f"return document.querySelector('#markets tbody tr[data-market=\"{market}\"]') !== null"), 10)
    time.sleep(1.2)
    driver.save_screenshot(os.path.join(args.screenshots, "overview-later.png"))

    # As a phone shows it.
    driver.set_window_size(412, 915)
    time.sleep(1.0)
    driver.save_screenshot(os.path.join(args.screenshots, "overview-phone.png"))
    driver.set_window_size(1440, 1100)

    # 4. No request left for anything but the daemon.
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    foreign = [url for url in urls if not url.startswith(daemon + "/")]
    if foreign:
        sys.exit(f"check-dashboard: the page requested {foreign}")
    if not urls:
        sys.exit("check-dashboard: the performance log shows no request at all")
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    if errors:
        sys.exit(f"check-dashboard: the browser console has errors: {errors}")
    print(f"{len(urls)} requests, all to {daemon}")


if __name__ == "__main__":
    main()
