"""The site and the dashboard in a real browser (issue 6): Debian's chromium, headless, driven by Selenium
through Debian's chromedriver, against a stack of this module's own.

One person's way through the product: sign up → open the verification link from the mail outbox → log in
→ top up with the sandbox gateway → buy a number → the code appears without a reload → finish; a second
order cancelled and refunded; an API token created, used and revoked; the history, ledger and account
pages; both languages. Screenshots go to the stack's data folder (`<data_dir>/screenshots/`; keep them
with SMSCODE_IT_KEEP=1).

The stack's simulated provider waits 10 minutes before it sends an SMS, so nothing arrives by itself:
the test makes the first order's SMS arrive with `smscode sim deliver` while the page long-polls, and
cancels the second before any SMS (CANCEL_HOLD=2 s, so the countdown on the cancel button is seen too)."""
import csv
import os
import re
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import sqlite3

from helpers import PASSWORD, api, audit_clean, create_account, create_token, sim_deliver, unique_email
from test_accounts import link_token, wait_for_mail

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CANCEL_HOLD = 2


@pytest.fixture(scope="module")
def site(stack_factory):
    with stack_factory("smscode-browser-", SMSCODE_SIM_SMS_DELAY="600-600", SMSCODE_SIM_NO_SMS_RATE="0",
                       SMSCODE_CANCEL_HOLD=str(CANCEL_HOLD)) as s:
        yield s


@pytest.fixture(scope="module")
def browser(site):
    for path in (CHROMIUM, CHROMEDRIVER):
        assert os.access(path, os.X_OK), f"{path} is missing: scripts/install-deps.sh --test installs chromium and chromium-driver"
    os.environ["SE_OFFLINE"] = "true"          # Selenium Manager must not try to download anything
    downloads = site.data_dir / "downloads"
    downloads.mkdir(exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=id-ID"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


class Page:
    """Small waits and looks on the current page; `shot` saves a numbered screenshot in the data folder."""

    def __init__(self, driver, site):
        self.d = driver
        self.site = site
        self.shots = site.data_dir / "screenshots"
        self.shots.mkdir(exist_ok=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.site.port}{path}"

    def open(self, path: str):
        self.d.get(self.url(path))

    def wait(self, check, what: str, timeout: float = 15):
        try:
            # Lists are redrawn as answers arrive: an element found a moment ago may be gone; look again.
            return WebDriverWait(self.d, timeout, poll_frequency=0.1,
                                 ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: check())
        except TimeoutException:
            self.shot("timeout")
            raise AssertionError(f"timed out after {timeout}s waiting for {what} on {self.d.current_url}\n"
                                 f"page text: {self.d.find_element(By.TAG_NAME, 'body').text[:1500]}\n"
                                 f"console: {self.d.get_log('browser')}\n{self.site.logs()}")

    def el(self, css: str):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def text(self, css: str) -> str:
        found = self.d.find_elements(By.CSS_SELECTOR, css)
        return found[0].text if found else ""

    def shot(self, name: str, width: int = 1280):
        """A full-page screenshot (the window grows to the page's height, then shrinks back)."""
        self.d.set_window_size(width, 900)
        height = self.d.execute_script("return document.documentElement.scrollHeight")
        self.d.set_window_size(width, min(max(height, 600), 6000))
        number = len(list(self.shots.glob("*.png"))) + 1
        self.d.save_screenshot(str(self.shots / f"{number:02d}-{name}.png"))
        self.d.set_window_size(1280, 900)

    def script_errors(self) -> list:
        """Uncaught exceptions and console errors raised by scripts (failed requests are the API's business)."""
        return [entry for entry in self.d.get_log("browser") if entry.get("source") == "javascript"]


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def balance_text(page: Page) -> str:
    return page.text("#balance")


# --- public pages --------------------------------------------------------------------------------------

def test_public_pages_load_in_both_languages_and_switch(site, browser):
    page = Page(browser, site)
    for path, lang, heading in (("/", "id", "Nomor virtual"), ("/en/", "en", "Virtual numbers"),
                                ("/pricing", "id", "Harga nomor"), ("/en/pricing", "en", "Virtual number prices"),
                                ("/terms", "id", "Ketentuan Layanan"), ("/en/terms", "en", "Terms of Service"),
                                ("/docs/api", "id", "Referensi REST API"), ("/en/faq", "en", "Frequently asked")):
        page.open(path)
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang, path
        assert heading in page.text("h1"), f"{path}: h1 is {page.text('h1')!r}"
    page.open("/pricing")
    page.shot("pricing-id")
    assert re.search(r"Rp \d{1,3}(\.\d{3})+", page.text("table.prices")), "prices are written Rp 15.000"
    page.el("a.lang-switch").click()
    page.wait(lambda: browser.current_url.endswith("/en/pricing"), "the language switch to English")
    page.shot("pricing-en")
    page.open("/terms")
    assert "2026-04-10" in page.text(".doc-meta"), "the Terms of Service show their version"
    page.shot("terms-id")
    page.open("/en/")
    page.shot("home-en")
    page.shot("home-en-phone", width=390)
    page.open("/does-not-exist")
    assert "tidak ditemukan" in page.text("h1"), "nginx serves the site's 404 page"
    assert not page.script_errors(), page.script_errors()


def test_dashboard_without_a_session_goes_to_login(site, browser):
    page = Page(browser, site)
    browser.delete_all_cookies()
    page.open("/en/dashboard/orders")
    page.wait(lambda: "/en/login" in browser.current_url, "the redirect to the login page")
    assert "next=%2Fen%2Fdashboard%2Forders" in browser.current_url


def log_in(page: Page, email: str, path: str = "/login"):
    page.d.delete_all_cookies()
    page.open(path)
    page.el("#login-email").send_keys(email)
    page.el("#login-password").send_keys(PASSWORD)
    page.el("#login-form button[type=submit]").click()
    page.wait(lambda: "/dashboard" in page.d.current_url and page.text("#account-email") == email, "the dashboard after login")


def test_notices_for_an_unverified_email_and_newer_terms(site, browser):
    """ToS §10: a user who accepted an older version sees a notice and can accept the current one."""
    page = Page(browser, site)
    email = create_account(site.data_dir, unique_email("notices"), verified=False)
    with sqlite3.connect(site.data_dir / "smscode.sqlite", timeout=10) as db:     # as if they signed up long ago
        assert db.execute("UPDATE accounts SET terms_version = '2025-01-01' WHERE email = ?", (email,)).rowcount == 1
    log_in(page, email)
    page.wait(lambda: "belum dikonfirmasi" in page.text("#notices") and "2026-04-10" in page.text("#notices"), "both notices")
    page.shot("notices")
    browser.find_element(By.XPATH, "//div[@id='notices']//button[contains(., 'Kirim ulang')]").click()
    page.wait(lambda: "sudah dikirim" in page.text("#notices"), "the resent verification link")
    page.el("#notice-accept-terms").click()
    page.wait(lambda: "2026-04-10" not in page.text("#notices"), "the terms notice gone")
    token = create_token(site.data_dir, email, "notices")
    terms = api(site.port, "GET", "/api/v1/me", bearer=token).json()["terms"]
    assert terms["accepted"] == terms["current"], terms
    assert len(wait_for_mail(site.data_dir, email, count=1, timeout=10).get_content()) > 0
    assert not page.script_errors(), page.script_errors()


# --- one customer's way through the dashboard ------------------------------------------------------------

def test_sign_up_top_up_buy_receive_cancel_and_tokens(site, browser):
    page = Page(browser, site)
    email = unique_email("browser")

    # Sign up, then open the link from the mail outbox.
    page.open("/register")
    page.el("#register-email").send_keys(email)
    page.el("#register-password").send_keys(PASSWORD)
    page.el("#register-adult").click()
    page.el("#register-terms").click()
    page.el("#register-form button[type=submit]").click()
    page.wait(lambda: "email" in page.text("#register-status").lower(), "the 'check your mailbox' answer")
    page.shot("registered")
    mail = wait_for_mail(site.data_dir, email, timeout=10)
    token = link_token(mail, "verify")
    page.d.get(page.url("/verify#token=" + token))
    page.wait(lambda: "terkonfirmasi" in page.text("#verify-status"), "the verification answer")
    assert "#token" not in browser.current_url, "the token leaves the address bar once used"

    # Log in: the dashboard shows the balance and no notices.
    page.open("/login")
    page.el("#login-email").send_keys(email)
    page.el("#login-password").send_keys(PASSWORD)
    page.el("#login-form button[type=submit]").click()
    page.wait(lambda: browser.current_url.endswith("/dashboard") and balance_text(page) == "Rp 0", "the dashboard with Rp 0")
    assert page.text("#account-email") == email
    assert page.text("#notices") == "", f"no notices for a verified account on the current terms: {page.text('#notices')!r}"

    # Top up Rp 50.000 through the sandbox gateway's pay page.
    page.open("/dashboard/deposits")
    page.wait(lambda: balance_text(page) == "Rp 0", "the deposits page")
    page.el("#gateway-sandbox").click()
    assert not page.el("#method-row").is_displayed(), "the method choice is for Duitku only"
    page.el('.chip[data-amount="50000"]').click()
    assert page.el("#deposit-amount").get_attribute("value") == "50000"
    page.el("#deposit-submit").click()
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, '#deposit-result a[data-action="pay"]'), "the pay link")
    page.shot("deposit-created")
    page.el('#deposit-result a[data-action="pay"]').click()
    page.wait(lambda: "/api/v1/payments/sandbox/pay/" in browser.current_url, "the sandbox pay page")
    browser.find_element(By.XPATH, "//button[contains(., 'Bayar')]").click()
    page.wait(lambda: "credited" in page.text("body") or "callback" in page.text("body"), "the sandbox callback answer")
    page.open("/dashboard/deposits")
    page.wait(lambda: balance_text(page) == "Rp 50.000", "the balance after the sandbox payment")
    page.wait(lambda: "dibayar" in page.text("#deposits-body"), "the deposit listed as paid")
    page.shot("deposit-paid")

    # Buy Telegram in Indonesia: the listed price is shown before buying and charged.
    owner_token = create_token(site.data_dir, email, "checks")
    prices = api(site.port, "GET", "/api/v1/prices?country=ID&service=tg").json()["items"]
    price = min(p["price"] for p in prices if p["stock"] > 0)
    page.open("/dashboard")
    page.wait(lambda: len(page.d.find_elements(By.CSS_SELECTOR, "#service-select option")) > 10, "the service list")
    page.el("#service-filter").send_keys("Telegram")
    page.el("#country-filter").send_keys("Indonesia")
    page.wait(lambda: page.text("#quote-price") == rupiah(price), f"the quote {rupiah(price)}")
    assert rupiah(price) in page.el("#buy-button").text
    browser.execute_script("window.__sameDocument = true")
    page.el("#buy-button").click()
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, "article.order"), "the new order card")
    first = page.el("article.order")
    first_id = first.get_attribute("data-order-id")
    page.wait(lambda: balance_text(page) == rupiah(50_000 - price), "the balance after the purchase")
    assert first.get_attribute("data-status") == "pending"
    assert re.search(r"\d+:\d\d", first.find_element(By.CSS_SELECTOR, ".countdown").text), "a live countdown"
    page.shot("order-pending")

    # The SMS arrives (the simulated provider, by command): the code appears without a reload.
    sim_deliver(site.data_dir, first_id, "Telegram code 48213. Do not share it.")
    page.wait(lambda: first.find_element(By.CSS_SELECTOR, ".order-code").text == "48213", "the code on the page", timeout=40)
    assert browser.execute_script("return window.__sameDocument === true"), "the page was not reloaded"
    assert first.find_element(By.CSS_SELECTOR, ".order-code").get_attribute("aria-live") == "polite"
    page.shot("order-code")
    first.find_element(By.CSS_SELECTOR, 'button[data-action="finish"]').click()
    page.wait(lambda: first.get_attribute("data-status") == "finished", "the finished order")

    # A second order, cancelled once the hold has passed, and refunded.
    page.wait(lambda: page.el("#buy-button").is_enabled(), "the buy button again")
    page.el("#buy-button").click()
    page.wait(lambda: len(page.d.find_elements(By.CSS_SELECTOR, "article.order")) == 2, "the second order card")
    second = page.el("article.order")          # the newest card is first
    second_id = second.get_attribute("data-order-id")
    assert second_id != first_id
    cancel = second.find_element(By.CSS_SELECTOR, 'button[data-action="cancel"]')
    page.wait(lambda: cancel.is_enabled(), "the cancel button after the hold", timeout=CANCEL_HOLD + 10)
    cancel.click()
    page.wait(lambda: second.get_attribute("data-status") == "canceled", "the cancelled order")
    page.wait(lambda: balance_text(page) == rupiah(50_000 - price), "the refund in the balance")
    assert "Dikembalikan" in second.text
    page.shot("orders-finished-and-cancelled")

    by_id = {o["id"]: o for o in api(site.port, "GET", "/api/v1/orders", bearer=owner_token).json()["items"]}
    assert by_id[first_id]["status"] == "finished" and by_id[first_id]["code"] == "48213" and not by_id[first_id]["refunded"]
    assert by_id[second_id]["status"] == "canceled" and by_id[second_id]["refunded"]
    me = api(site.port, "GET", "/api/v1/me", bearer=owner_token).json()
    assert me["balance"] == 50_000 - price

    # History with filters and CSV export; the ledger page.
    page.open("/dashboard/orders")
    page.wait(lambda: len(page.d.find_elements(By.CSS_SELECTOR, "#orders-body tr[data-order-id]")) == 2, "two orders in the history")
    Select(page.el("#filter-status")).select_by_value("canceled")
    page.wait(lambda: [r.get_attribute("data-order-id") for r in page.d.find_elements(By.CSS_SELECTOR, "#orders-body tr[data-order-id]")]
              == [second_id], "only the cancelled order")
    Select(page.el("#filter-status")).select_by_value("")
    page.wait(lambda: len(page.d.find_elements(By.CSS_SELECTOR, "#orders-body tr[data-order-id]")) == 2, "both orders again")
    page.el("#export-csv").click()
    exported = page.wait(lambda: [p for p in browser.downloads.glob("smscode-orders-*.csv")], "the CSV download")
    with open(exported[0], newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"]: r["status"] for r in rows} == {first_id: "finished", second_id: "canceled"}
    assert {r["id"]: r["code"] for r in rows}[first_id] == "48213"
    page.shot("order-history")
    page.open("/dashboard/ledger")
    page.wait(lambda: "refund" in page.text("#ledger-body"), "the refund in the balance history")
    assert rupiah(50_000) in page.text("#ledger-body")
    page.shot("ledger")

    # An API token: shown once, works, revoked on the second click, refused at once.
    page.open("/dashboard/tokens")
    page.wait(lambda: "checks" in page.text("#tokens-body"), "the token list")
    page.el("#token-name").send_keys("my bot")
    page.el("#token-form button[type=submit]").click()
    page.wait(lambda: page.el("#token-created").is_displayed(), "the new token")
    secret = page.text("#token-value")
    assert re.fullmatch(r"smsc_[0-9A-Za-z]{36}", secret), secret
    page.shot("token-created")
    assert api(site.port, "GET", "/api/v1/me", bearer=secret).status == 200
    row = page.wait(lambda: [r for r in page.d.find_elements(By.CSS_SELECTOR, "#tokens-body tr") if "my bot" in r.text], "the new token's row")[0]
    revoke = row.find_element(By.CSS_SELECTOR, 'button[data-action="revoke"]')
    revoke.click()
    assert api(site.port, "GET", "/api/v1/me", bearer=secret).status == 200, "one click only arms the button"
    revoke.click()
    page.wait(lambda: "my bot" not in page.text("#tokens-body"), "the revoked token gone from the list")
    assert api(site.port, "GET", "/api/v1/me", bearer=secret).status == 401

    # Account settings, and the English dashboard on a phone-sized screen.
    page.open("/dashboard/account")
    page.wait(lambda: page.text("#acc-email") == email, "the account details")
    page.wait(lambda: "…" not in page.text("#deletion-info"), "the deletion section")
    page.shot("account")
    page.open("/en/dashboard")
    page.wait(lambda: page.text("#balance") == rupiah(50_000 - price) and "finished" not in page.text("#active-orders"),
              "the English dashboard")
    assert "Buy a number" in page.text("#buy-heading")
    page.d.set_window_size(390, 844)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling on a phone"
    page.shot("dashboard-en-phone", width=390)
    assert not page.script_errors(), page.script_errors()
    audit_clean(site.data_dir)
