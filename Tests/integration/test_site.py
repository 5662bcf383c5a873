"""The static site as nginx serves it (issue 6): every page passes Debian's `tidy` and a link check of its
own (independent of the builder's), both languages are served with the security headers, the 404 page is
the site's, and `smscode site build` rebuilds only what changed and fails loudly, leaving the site alone."""
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import REPO, SMSCODE_BIN, api, assert_security_headers, http, run_smscode, smscode_env

# tidy 5.6 (Debian 12) predates these attributes of the HTML living standard and WAI-ARIA 1.1.
TIDY_UNKNOWN_ATTRIBUTES = ('"aria-current"', '"minlength"', '"inputmode"')


def html_files(public: Path) -> list[Path]:
    files = sorted(public.resolve().rglob("*.html"))
    assert len(files) > 100, f"only {len(files)} pages under {public}"
    return files


def test_every_page_passes_tidy(stack):
    if not shutil.which("tidy"):
        pytest.fail("tidy is missing: scripts/install-deps.sh --test installs it")
    problems = []
    for page in html_files(stack.public_dir):
        proc = subprocess.run(["tidy", "-q", "-e", "-utf8", str(page)], capture_output=True, text=True, timeout=30)
        lines = [line for line in proc.stderr.splitlines()
                 if line.strip() and not ("proprietary attribute" in line and line.endswith(TIDY_UNKNOWN_ATTRIBUTES))]
        if proc.returncode > 1 or lines:
            problems.append(f"{page.relative_to(stack.public_dir.resolve())}:\n  " + "\n  ".join(lines[:5]))
    assert not problems, "tidy:\n" + "\n".join(problems[:20])


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)
            if name == "id":
                self.ids.add(value)


def test_every_internal_link_leads_to_a_page(stack):
    root = stack.public_dir.resolve()
    parsed = {}
    for page in html_files(stack.public_dir):
        parser = Links()
        parser.feed(page.read_text())
        parsed[page] = parser

    def target(path: str) -> Path | None:        # nginx: try_files $uri $uri.html $uri/index.html
        for candidate in (root / path.lstrip("/"), root / (path.lstrip("/") + ".html"), root / path.lstrip("/") / "index.html"):
            if candidate.is_file():
                return candidate
        return None

    broken = []
    for page, parser in parsed.items():
        for link in parser.links:
            if link.startswith(("http:", "https:", "mailto:", "/api/")):
                continue
            path, _, fragment = link.partition("#")
            assert path == "" or path.startswith("/"), f"{page}: relative link {link!r}"
            found = page if path == "" else target(path)
            if found is None or (fragment and "=" not in fragment and fragment not in parsed[found].ids):
                broken.append(f"{page.relative_to(root)} → {link}")
    assert not broken, "broken links:\n" + "\n".join(broken[:30])


@pytest.mark.parametrize("path, lang, marker", [
    ("/", "id", "Nomor virtual"), ("/en/", "en", "Virtual numbers"), ("/pricing/country/id", "id", "Rp "),
    ("/en/pricing/service/tg", "en", "Telegram"), ("/terms", "id", "Ketentuan Layanan"), ("/en/docs/api", "en", "rate_limited"),
    ("/dashboard/deposits", "id", "deposit-form"), ("/en/dashboard", "en", "buy-form")])
def test_pages_are_served_in_both_languages(stack, path, lang, marker):
    resp = http(stack.port, "GET", path)
    assert resp.status == 200, f"{path}: {resp.status}"
    assert resp.header("Content-Type").startswith("text/html"), resp.header("Content-Type")
    body = resp.body.decode()
    assert f'<html lang="{lang}">' in body and marker in body, path
    assert_security_headers(resp, path)


def test_unknown_pages_get_the_sites_404(stack):
    resp = http(stack.port, "GET", "/en/no-such-page")
    assert resp.status == 404
    assert "Halaman tidak ditemukan" in resp.body.decode() and "Page not found" in resp.body.decode()


def build(data_dir: Path, source: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(SMSCODE_BIN), "site", "build", "--source", str(source), "--output", str(output)],
                          env=smscode_env(data_dir), capture_output=True, text=True, timeout=120)


def test_site_build_rebuilds_only_what_changed_and_fails_loudly(stack, tmp_path):
    source = tmp_path / "src"
    shutil.copytree(REPO / "Templates", source / "Templates")
    shutil.copytree(REPO / "Content", source / "Content", ignore=shutil.ignore_patterns("catalog", "data"))
    output = tmp_path / "public"
    first = build(stack.data_dir, source, output)
    assert first.returncode == 0, first.stderr
    served = output.resolve()
    again = build(stack.data_dir, source, output)
    assert again.returncode == 0 and "0 rendered, 0 files written, nothing changed" in again.stdout, again.stdout
    assert output.resolve() == served

    (source / "Templates/pages/faq-link.mustache").write_text('<a href="{{base}}/nowhere">x</a>')
    (source / "Templates/pages/docs.mustache").write_text("{{> pages/faq-link}}")
    broken = build(stack.data_dir, source, output)
    assert broken.returncode != 0
    assert "broken internal link" in broken.stderr and "docs/index.html: /nowhere" in broken.stderr, broken.stderr
    assert output.resolve() == served, "the served site stays as it was"

    (source / "Templates/pages/docs.mustache").write_text("{{#unclosed}}")
    bad = build(stack.data_dir, source, output)
    assert bad.returncode != 0 and "docs.mustache does not parse" in bad.stderr, bad.stderr
    assert output.resolve() == served


def test_a_price_import_rebuilds_the_pricing_pages(stack_factory, tmp_path):
    """Issue 5: the pricing pages are static, so `smscode catalog import` with changed prices rebuilds the
    site where it is published (SITE_OUTPUT), and nginx serves the new price at once."""
    with stack_factory("smscode-reprice-") as s:
        site = {"SMSCODE_SITE_SOURCE": str(REPO), "SMSCODE_SITE_OUTPUT": str(s.public_dir)}
        catalog = tmp_path / "catalog"
        shutil.copytree(REPO / "Content/catalog", catalog)
        before = api(s.port, "GET", "/api/v1/prices?country=ID&service=tg").json()["items"]
        old = next(i["price"] for i in before if i["operator"] == "any")
        assert f"Rp {old:,}".replace(",", ".") in http(s.port, "GET", "/pricing/country/id").body.decode()
        lines = (catalog / "prices.csv").read_text().splitlines()
        lines = [",".join(["ID", "tg", "any", "123400", "0", p[5]]) if (p := line.split(","))[:3] == ["ID", "tg", "any"] else line
                 for line in lines]
        (catalog / "prices.csv").write_text("\n".join(lines) + "\n")
        out = run_smscode(s.data_dir, "catalog", "import", str(catalog), env=site)
        assert "1 changed" in out and "site: " in out and "published into" in out, out
        page = http(s.port, "GET", "/pricing/country/id").body.decode()
        assert "Rp 123.400" in page
        # The same files again change nothing, and nothing is rebuilt.
        out = run_smscode(s.data_dir, "catalog", "import", str(catalog), env=site)
        assert "0 changed" in out and "site: " not in out, out
        # A Terms announcement publishes the site first (here nothing changed, so nothing is rewritten).
        out = run_smscode(s.data_dir, "terms", "announce", env=site)
        assert "site: " in out and "nothing changed" in out and "mail(s) queued" in out, out
