"""Timing a page through the test client, as the bench_pages and bench_reports commands do: the median server time
of N requests with a trivial page timed between them (machines are noisy, and a trivial page timed once at the
start moved the ratios by half: compare the ratio, not the milliseconds), and the page's number of queries.

A page is a tuple (client, method, url, data); the clients carry a session verified with a TOTP device, as after a
login with password and code (the caller removes the devices, or rolls them back)."""

from __future__ import annotations

import statistics
import time

from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

TRIVIAAL_URL = "/toegankelijkheid/"
APPARAAT = "bench"


def ingelogde_client(user, apparaten: list[int]) -> Client:
    """A client logged in as after password and TOTP code (as the loadtest's sessions); the device's pk is added to
    `apparaten`."""
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    apparaat = TOTPDevice.objects.create(user=user, name=APPARAAT, confirmed=True)
    apparaten.append(apparaat.pk)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = apparaat.persistent_id
    session.save()
    return client


def request(page_client, method, url, data=None):
    if method == "post":
        return page_client.post(url, data or {})
    return page_client.get(url)


def timed(page_client, method, url, data=None) -> float:
    """One request's time in ms."""
    start = time.perf_counter()
    request(page_client, method, url, data)
    return (time.perf_counter() - start) * 1000


def queries(page_client, method, url, data=None) -> tuple[int, int]:
    """One request's number of queries: (default, audit)."""
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["audit"]) as audit,
    ):
        request(page_client, method, url, data)
    return len(default), len(audit)


def meet(page: tuple, triviaal: tuple, n: int) -> tuple[float, float, tuple[int, int]]:
    """The page's median time, the trivial page's median time between its requests (both in ms) and its queries,
    after warm-up requests (the caller made one already, to check the status)."""
    for _ in range(2):
        request(*page)
    aantal = queries(*page)
    times, trivial_times = [], []
    for _ in range(n):  # the trivial page between the page's requests: both see the same machine
        times.append(timed(*page))
        trivial_times.append(timed(*triviaal))
    return statistics.median(times), statistics.median(trivial_times), aantal
