"""`builder.sourceurl`: a story's normalised URL (its identity) and its source's name."""

from __future__ import annotations

import string
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls as generated_urls

from builder.sourceurl import is_tracking, normalize, source_name

NORMALIZE_CASES: list[tuple[str, str]] = [
    # scheme
    ("http://example.com/a", "https://example.com/a"),
    ("HTTP://example.com/a", "https://example.com/a"),
    ("https://example.com/a", "https://example.com/a"),
    # host case and www.
    ("https://EXAMPLE.Com/Path/Case", "https://example.com/Path/Case"),
    ("https://www.example.com/a", "https://example.com/a"),
    ("https://WWW.example.com/a", "https://example.com/a"),
    ("https://www.www.example.com/a", "https://example.com/a"),
    ("https://news.example.com/a", "https://news.example.com/a"),
    ("https://wwwexample.com/a", "https://wwwexample.com/a"),
    ("https://example.www.com/a", "https://example.www.com/a"),
    # ports
    ("http://example.com:80/a", "https://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8080/a", "https://example.com:8080/a"),
    ("https://www.Example.com:8443/a", "https://example.com:8443/a"),
    # trailing slashes, whitespace, empty path
    ("https://example.com/a/", "https://example.com/a"),
    ("https://example.com/a///", "https://example.com/a"),
    ("https://example.com/", "https://example.com"),
    ("https://example.com", "https://example.com"),
    ("  https://example.com/a/  ", "https://example.com/a"),
    ("https://example.com//a", "https://example.com//a"),
    ("https://example.com/a/b.html", "https://example.com/a/b.html"),
    # fragments
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com/a/#", "https://example.com/a"),
    ("https://example.com/a?id=1#top", "https://example.com/a?id=1"),
    # tracking parameters removed, the others kept in their order
    ("https://example.com/a?utm_source=tw", "https://example.com/a"),
    ("https://example.com/a?UTM_Source=tw&utm_medium=social", "https://example.com/a"),
    ("https://example.com/a?id=5&utm_campaign=x&page=2", "https://example.com/a?id=5&page=2"),
    ("https://example.com/a?page=2&id=5", "https://example.com/a?page=2&id=5"),
    ("https://example.com/a?fbclid=abc&gclid=def&msclkid=1", "https://example.com/a"),
    ("https://example.com/a?mc_cid=1&mc_eid=2&_ga=3&ocid=4", "https://example.com/a"),
    ("https://example.com/a?at_medium=1&pk_campaign=2&mtm_x=3", "https://example.com/a"),
    ("https://example.com/a?hsa_acc=1&ref_src=twsrc&smid=tw", "https://example.com/a"),
    ("https://example.com/a?ref=home", "https://example.com/a?ref=home"),
    ("https://example.com/a?utm=1", "https://example.com/a?utm=1"),
    ("https://example.com/a?story=utm_source", "https://example.com/a?story=utm_source"),
    ("https://example.com/a?q=&x", "https://example.com/a?q=&x="),
    ("https://example.com/a?q=a+b", "https://example.com/a?q=a+b"),
    ("https://example.com/a?q=a%20b", "https://example.com/a?q=a+b"),
    ("https://example.com/a/?utm_source=x#frag", "https://example.com/a"),
    # user info is not part of the story's identity
    ("https://user:secret@www.example.com/a", "https://example.com/a"),
    # IPv6 hosts keep their brackets
    ("http://[::1]:8080/a/", "https://[::1]:8080/a"),
    ("http://[2001:DB8::1]:80/a", "https://[2001:db8::1]/a"),
    # malformed: never raise; a bad port is dropped, an unparsable URL is kept as written
    ("http://example.com:abc/a", "https://example.com/a"),
    ("http://example.com:99999/a", "https://example.com/a"),
    ("http://example.com:-1/a", "https://example.com/a"),
    ("http://[::1/a", "http://[::1/a"),
    ("  http://[unclosed/a  ", "http://[unclosed/a"),
    ("http://example.com]/a", "http://example.com]/a"),
    # no host: a "//" path is never left to be read as a host by the next pass
    ("http:////http://", "https:///http:"),
    ("http://www.//x", "https:///x"),
    # a whitespace-only or whitespace-padded host
    ("http://\x0c#", "https://"),
    ("http://\x0cexample.com\x0c/a", "https://example.com/a"),
    # odd but harmless
    ("", "https://"),
    ("//example.com/a/", "https://example.com/a"),
]


@pytest.mark.parametrize(("url", "expected"), NORMALIZE_CASES)
def test_normalize(url: str, expected: str) -> None:
    assert normalize(url) == expected


@pytest.mark.parametrize(("url", "expected"), NORMALIZE_CASES)
def test_normalize_is_idempotent_on_the_table(url: str, expected: str) -> None:
    assert normalize(expected) == expected


def test_the_same_story_shared_in_many_ways_has_one_identity() -> None:
    shares = [
        "https://example.com/world/story",
        "http://example.com/world/story",
        "https://www.example.com/world/story/",
        "http://WWW.EXAMPLE.COM:80/world/story/#comments",
        "https://example.com:443/world/story?utm_source=twitter&utm_medium=social",
        "https://example.com/world/story?fbclid=IwAR0abc",
        " https://example.com/world/story/ \n",
    ]
    assert {normalize(url) for url in shares} == {"https://example.com/world/story"}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://example.com/a", "https://example.com/b"),
        ("https://example.com/Story", "https://example.com/story"),
        ("https://example.com/a?id=1", "https://example.com/a?id=2"),
        ("https://example.com/a?id=1", "https://example.com/a"),
        ("https://example.com/a", "https://example.org/a"),
        ("https://example.com/a", "https://news.example.com/a"),
        ("https://example.com:8080/a", "https://example.com/a"),
    ],
)
def test_different_stories_stay_different(first: str, second: str) -> None:
    assert normalize(first) != normalize(second)


@pytest.mark.parametrize(
    ("name", "tracking"),
    [
        ("utm_source", True),
        ("UTM_CAMPAIGN", True),
        ("utm_", True),
        ("fbclid", True),
        ("FBCLID", True),
        ("gclid", True),
        ("_ga", True),
        ("pk_kwd", True),
        ("at_medium", True),
        ("id", False),
        ("page", False),
        ("ref", False),
        ("utm", False),
        ("q", False),
        ("", False),
        ("xutm_source", False),
    ],
)
def test_is_tracking(name: str, tracking: bool) -> None:
    assert is_tracking(name) is tracking


# --- source_name ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.bbc.co.uk/news/world-123", "bbc.co.uk"),
        ("https://bbc.co.uk/news", "bbc.co.uk"),
        ("https://WWW.BBC.CO.UK/news", "bbc.co.uk"),
        ("https://news.bbc.co.uk/1/hi", "news.bbc.co.uk"),
        ("http://example.com:8080/a", "example.com"),
        ("https://user:pw@www.example.com/a", "example.com"),
        ("  https://www.example.com/a  ", "example.com"),
        ("https://wwwexample.com/", "wwwexample.com"),
        ("http://[::1]:8000/", "::1"),
        ("", "unknown source"),
        ("not a url", "unknown source"),
        ("/relative/path", "unknown source"),
        ("mailto:desk@example.com", "unknown source"),
        ("https://", "unknown source"),
        ("https://www./a", "unknown source"),
        ("http://[::1/a", "unknown source"),
    ],
)
def test_source_name(url: str, name: str) -> None:
    assert source_name(url) == name


# --- properties ----------------------------------------------------------------------------------
LABELS = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=10)
TLDS = st.lists(
    st.text(alphabet=string.ascii_letters, min_size=2, max_size=5), min_size=1, max_size=2
)
HOSTS = st.builds(
    lambda www, label, tlds: "www." * www + label + "".join("." + tld for tld in tlds),
    st.integers(min_value=0, max_value=2),
    LABELS,
    TLDS,
)
WORDS = st.text(alphabet=string.ascii_letters + string.digits + "._~%-", max_size=8)
NAMES = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=6)
TRACKING_NAMES = st.sampled_from(
    ["utm_source", "UTM_medium", "fbclid", "gclid", "_ga", "ref_src", "pk_x", "mc_cid", "ocid"]
)
PARAM_NAMES = st.one_of(NAMES, TRACKING_NAMES)
PIECES = st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(
        [
            *["http://", "https://", "//", "www.", "WWW.", ":", "@", "[", "]", "::1", "/", "?"],
            *["&", "=", "#", "%", "%2F", "%zz", "+", "utm_source=x", ":80", ":443", ":99999"],
            *[":x", " ", "\t", "\n", "\x0c", ";", "..", "."],
        ]
    ),
)
MESSY = st.lists(PIECES, max_size=20).map("".join)


@st.composite
def shared_urls(draw: st.DrawFn) -> str:
    """A plausible shared link: scheme, host, port, path, query with tracking, fragment."""
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(HOSTS)
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/" + "/".join(draw(st.lists(WORDS, max_size=4)))
    path += draw(st.sampled_from(["", "/", "//"]))
    params = draw(st.lists(st.tuples(PARAM_NAMES, WORDS), max_size=4))
    query = "?" + urlencode(params) if params else draw(st.sampled_from(["", "?"]))
    fragment = draw(st.sampled_from(["", "#", "#top", "#a/b?c"]))
    return f"{scheme}://{host}{port}{path}{query}{fragment}"


@settings(max_examples=200, deadline=None)
@given(st.one_of(shared_urls(), generated_urls(), MESSY, st.text(max_size=40)))
@example("http:////http://")  # an empty host with "//" in the path read as a host after one pass
@example("http://\x0c#")  # a whitespace host stripped by the second pass only
@example("http://www.//x")
@example("http://[::1]x/")
def test_normalize_is_idempotent_and_never_raises(url: str) -> None:
    once = normalize(url)
    assert normalize(once) == once
    assert once.startswith("https:") or once == url.strip()


@settings(max_examples=200, deadline=None)
@given(shared_urls())
def test_normalized_shared_urls_have_no_tracking_fragment_port_or_www(url: str) -> None:
    result = normalize(url)
    parts = urlsplit(result)
    assert parts.scheme == "https"
    assert parts.fragment == ""
    assert parts.port is None or parts.port == 8080
    host = parts.hostname or ""
    assert host == host.lower() and not host.startswith("www.")
    assert not parts.path.endswith("/")
    kept = [(k, v) for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)]
    expected = [(k, v) for k, v in kept if not is_tracking(k)]
    assert parse_qsl(parts.query, keep_blank_values=True) == expected


@settings(max_examples=200, deadline=None)
@given(
    host=HOSTS,
    path=st.lists(WORDS.filter(bool), min_size=1, max_size=3).map("/".join),
    params=st.lists(st.tuples(NAMES, WORDS), max_size=3),
    tracking=st.lists(st.tuples(TRACKING_NAMES, WORDS), min_size=1, max_size=2),
)
def test_the_way_a_link_was_shared_does_not_change_its_identity(
    host: str, path: str, params: list[tuple[str, str]], tracking: list[tuple[str, str]]
) -> None:
    params = [(k, v) for k, v in params if not is_tracking(k)]
    bare = host.lower()
    while bare.startswith("www."):
        bare = bare[4:]
    query = "?" + urlencode(params) if params else ""
    canonical = f"https://{bare}/{path}{query}"
    shared = [
        f"http://{host}/{path}{query}",
        f"HTTPS://www.{host.upper()}:443/{path}/{query}",
        f"http://{host}:80/{path}//{query}#comments",
        f"https://{host}/{path}?{urlencode(tracking + params)}",
        f"https://{host}/{path}?{urlencode(params + tracking)}#top",
    ]
    assert normalize(canonical) == canonical.rstrip("/")
    for url in shared:
        assert normalize(url) == normalize(canonical), url


@settings(max_examples=200, deadline=None)
@given(st.one_of(shared_urls(), generated_urls(), MESSY, st.text(max_size=40)))
def test_source_name_never_raises_and_is_never_empty(url: str) -> None:
    name = source_name(url)
    assert name
    assert not set("/?#@") & set(name)  # a host, never a path, query, fragment or user


@settings(max_examples=200, deadline=None)
@given(host=HOSTS, path=WORDS)
def test_source_name_is_the_host_without_www(host: str, path: str) -> None:
    expected = host.lower().removeprefix("www.")
    assert source_name(f"https://{host}/{path}") == expected
    assert source_name(f"http://{host}:8080/{path}?utm_source=x#y") == expected
