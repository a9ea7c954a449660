"""An article's original URL: its normalised identity and the name of its source."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "ocid"}
    | {"cmpid", "ref_src", "ref_url", "_ga", "_gl", "spm", "smid", "cid", "ito", "at_medium"}
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING or lowered.startswith(_TRACKING_PREFIXES)


@functools.lru_cache(maxsize=65536)
def normalize(url: str) -> str:
    """The same story's URL, however it was shared: https, lower-case host without `www.`,
    no default port, fragment, tracking parameters or trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unclosed "[" in the host: keep the URL's identity as written
        return url.strip()
    host = (parts.hostname or "").strip().lower()  # "http://\f#" keeps a "\f" host otherwise
    while host.startswith("www."):  # "www.www.x" → "x" at once, so normalising is idempotent
        host = host[4:]
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:  # a port that is not a number: keep the URL's identity as written
        port = None
    netloc = f"{host}:{port}" if port else host
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    )
    path = re.sub(r"[\s/]+$", "", parts.path)  # what follows a cut fragment, too
    if not netloc and path.startswith("//"):  # or "https:" + "//x" would read x as the host
        path = "/" + path.lstrip("/")
    return urlunsplit(("https", netloc, path, query, ""))


def source_name(url: str) -> str:
    """A readable source name from the domain: `https://www.bbc.co.uk/x` → `bbc.co.uk`."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        host = ""
    return host.removeprefix("www.") or "unknown source"
