"""Helpers for the browser tests: log in through the real form, and check a page with axe-core."""

from pathlib import Path
from urllib.parse import urlparse

PASSWORD = "geheim-wachtwoord-1"  # the password of the users the browser tests log in with

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def login(page, live_server, user, password: str) -> None:
    """Log `user` in with `password` through the login form; afterwards the page shows the home page.

    The user needs that password: `user.set_password(password); user.save()` before calling this.
    """
    username = getattr(user, "username", user)
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if urlparse(page.url).path == "/inloggen/":  # the MFA pages (/inloggen/mfa/...) come after a good password
        raise AssertionError(f"login as {username!r} failed: still on {page.url}")


def axe_violations(page, tags=WCAG_TAGS) -> list[dict]:
    """Run axe-core (tests/browser/vendor/axe.min.js) on the page; returns its list of violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        list(tags),
    )


def assert_no_axe_violations(page, tags=WCAG_TAGS) -> None:
    """Fail with a readable list (rule id, impact, help, CSS targets) if axe-core finds WCAG 2.1 A/AA violations."""
    violations = axe_violations(page, tags)
    if not violations:
        return
    lines = [f"{len(violations)} axe-core violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
    raise AssertionError("\n".join(lines))
