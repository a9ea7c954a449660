"""`builder.config`: reading `site.toml`, validation, command-line overrides, error messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.config import Config, ConfigError, load

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str, name: str = "site.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, **overrides: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load(path, **overrides)
    return str(caught.value)


# --- valid files ---------------------------------------------------------------------------------
def test_every_key_is_read_with_its_type(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
title = "Морская газета"
description = "News, with notes"
author = "Curators"
base_url = "https://news.example.org/"
language = "ru"
timezone = "Europe/Moscow"
editions = "weekly"
home_editions = 3
per_page = 7
feed_size = 11
theme = "newsprint"
search = false
summary_length = 120
cname = "news.example.org"
""",
    )
    config = load(path)
    assert config.title == "Морская газета"
    assert config.description == "News, with notes"
    assert config.author == "Curators"
    assert config.base_url == "https://news.example.org/"
    assert config.language == "ru"
    assert config.timezone == "Europe/Moscow"
    assert config.editions == "weekly"
    assert (config.home_editions, config.per_page, config.feed_size) == (3, 7, 11)
    assert config.theme == "newsprint"
    assert config.search is False
    assert config.summary_length == 120
    assert config.cname == "news.example.org"
    assert config.base_url_given is True


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    config = load(write(tmp_path, "# nothing set\n"))
    defaults = Config()
    for key in ("title", "base_url", "language", "timezone", "editions", "theme", "search"):
        assert getattr(config, key) == getattr(defaults, key), key
    assert (config.per_page, config.feed_size, config.home_editions) == (20, 50, 2)
    assert config.summary_length == 280
    assert config.editions == "daily"
    assert config.timezone == "UTC"
    assert config.base_url_given is False


def test_no_file_at_all_gives_the_defaults_rooted_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = load(None)
    assert config.title == Config().title
    assert config.base_url == "http://localhost:8000/"
    assert config.root == tmp_path
    assert config.content_dir == (tmp_path / "content").resolve()
    assert config.output_dir == (tmp_path / "public").resolve()
    assert config.base_url_given is False


def test_folders_are_resolved_next_to_the_config_file(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    config = load(write(folder, 'title = "x"\n'))
    assert config.root == folder.resolve()
    assert config.content_dir == folder.resolve() / "content"
    assert config.output_dir == folder.resolve() / "public"
    assert config.themes_dir == folder.resolve() / "themes"
    assert config.overrides_dir == folder.resolve() / "overrides"
    assert config.cache_dir == folder.resolve() / ".cache" / "broadsheet"


def test_the_repository_sample_config_loads() -> None:
    config = load(ROOT / "site.toml")
    assert config.base_url.startswith("https://") and config.base_url.endswith("/")
    assert config.editions in ("daily", "weekly")


def test_config_is_frozen(tmp_path: Path) -> None:
    config = load(write(tmp_path, ""))
    with pytest.raises(AttributeError):
        config.title = "changed"  # type: ignore[misc]


# --- base_url ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given_url", "expected"),
    [
        ("https://example.org", "https://example.org/"),
        ("https://example.org/", "https://example.org/"),
        ("https://user.github.io/REPO", "https://user.github.io/REPO/"),
        ("https://user.github.io/REPO/", "https://user.github.io/REPO/"),
        ("http://localhost:8000", "http://localhost:8000/"),
        ("https://example.org/a/b", "https://example.org/a/b/"),
    ],
)
def test_base_url_gets_exactly_one_trailing_slash(
    tmp_path: Path, given_url: str, expected: str
) -> None:
    assert load(write(tmp_path, f'base_url = "{given_url}"\n')).base_url == expected


@pytest.mark.parametrize(
    "bad",
    [
        "example.org",
        "//example.org/",
        "/REPO/",
        "ftp://example.org/",
        "file:///tmp/site/",
        "javascript:alert(1)",
        "https://",
        "",
        "https://example.org/news?page=1",
        "https://example.org/news#top",
    ],
)
def test_bad_base_url_is_an_error_naming_the_file_and_key(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path, f'base_url = "{bad}"\n')
    message = error_of(path)
    assert message.startswith(f"{path}:")
    assert "'base_url'" in message


def test_base_url_override_wins_over_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'base_url = "https://example.org/"\n')
    config = load(path, base_url="https://user.github.io/REPO")
    assert config.base_url == "https://user.github.io/REPO/"
    assert config.base_url_given is True


def test_base_url_override_is_validated_too(tmp_path: Path) -> None:
    path = write(tmp_path, 'base_url = "https://example.org/"\n')
    assert "'base_url'" in error_of(path, base_url="not a url")


def test_base_url_given_only_by_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "x"\n')
    assert load(path, base_url="https://x.org/").base_url_given is True
    assert load(path, base_url=None).base_url_given is False


# --- overrides -----------------------------------------------------------------------------------
def test_none_overrides_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "From the file"\nper_page = 5\n')
    config = load(path, title=None, per_page=None, drafts=None)
    assert config.title == "From the file"
    assert config.per_page == 5
    assert config.drafts is False


def test_overrides_replace_file_values_and_are_validated(tmp_path: Path) -> None:
    path = write(tmp_path, "per_page = 5\n")
    assert load(path, per_page=9, drafts=True).per_page == 9
    assert load(path, drafts=True).drafts is True
    assert "'per_page'" in error_of(path, per_page=0)
    assert "'timezone'" in error_of(path, timezone="Nowhere/Atlantis")


def test_folder_overrides_are_resolved(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    elsewhere = tmp_path / "elsewhere" / "out"
    config = load(path, output_dir=elsewhere, content_dir=Path("posts"))
    assert config.output_dir == elsewhere.resolve()
    assert config.content_dir == (tmp_path / "posts").resolve()


# --- errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('titel = "typo"\n', "titel", ["unknown key", "known keys", "title"]),
        ('content_dir = "x"\n', "content_dir", ["unknown key"]),
        ("drafts = true\n", "drafts", ["unknown key"]),
        ('[site]\ntitle = "x"\n', "site", ["unknown key"]),
        ("title = 1\n", "title", ["must be a string", "not an integer"]),
        ("per_page = true\n", "per_page", ["must be an integer", "not true or false"]),
        ("per_page = 1.5\n", "per_page", ["not a number"]),
        ('per_page = "20"\n', "per_page", ["not a string"]),
        ('search = "yes"\n', "search", ["must be true or false", "not a string"]),
        ("search = 1\n", "search", ["must be true or false", "not an integer"]),
        ('language = ["en"]\n', "language", ["not list"]),
        ("per_page = 0\n", "per_page", ["at least 1"]),
        ("feed_size = -1\n", "feed_size", ["at least 1"]),
        ("home_editions = 0\n", "home_editions", ["at least 1"]),
        ("summary_length = 0\n", "summary_length", ["at least 1"]),
        ('editions = "monthly"\n', "editions", ["daily", "weekly"]),
        ('editions = "Daily"\n', "editions", ["daily", "weekly"]),
        ('timezone = "Mars/Olympus_Mons"\n', "timezone", ["unknown timezone"]),
        ('timezone = ""\n', "timezone", ["unknown timezone"]),
        ('timezone = "../../etc/passwd"\n', "timezone", ["unknown timezone"]),
        ('cname = "https://news.example.org"\n', "cname", ["bare domain"]),
        ('cname = "news example org"\n', "cname", ["bare domain"]),
        ('theme = "../etc"\n', "theme", ["plain folder name"]),
        ('theme = "a/b"\n', "theme", ["plain folder name"]),
    ],
)
def test_errors_name_the_file_and_the_key(
    tmp_path: Path, text: str, key: str, words: list[str]
) -> None:
    path = write(tmp_path, text)
    message = error_of(path)
    assert message.startswith(f"{path}: ")
    assert repr(key) in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "America/New_York", "Asia/Tokyo"])
def test_known_timezones_are_accepted(tmp_path: Path, zone: str) -> None:
    assert load(write(tmp_path, f'timezone = "{zone}"\n')).timezone == zone


def test_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    message = error_of(path)
    assert message.startswith(str(path))
    assert "not found" in message


def test_invalid_toml_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "unclosed\n')
    message = error_of(path)
    assert message.startswith(f"{path}: not valid TOML")


def test_duplicate_key_is_invalid_toml(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "a"\ntitle = "b"\n')
    assert "not valid TOML" in error_of(path)


def test_non_utf8_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_bytes(b'title = "caf\xe9"\n')
    message = error_of(path)
    assert message.startswith(str(path))
    assert "UTF-8" in message


def test_unknown_key_is_reported_before_wrong_values(tmp_path: Path) -> None:
    path = write(tmp_path, "per_page = 0\nbogus = 1\n")
    assert "'bogus'" in error_of(path)


# --- properties ----------------------------------------------------------------------------------
_INT_KEYS = ("per_page", "feed_size", "home_editions", "summary_length")


@settings(max_examples=60, deadline=None)
@given(key=st.sampled_from(_INT_KEYS), value=st.integers(min_value=-(10**6), max_value=10**6))
def test_int_keys_accept_exactly_the_positive_integers(
    tmp_path_factory: pytest.TempPathFactory, key: str, value: int
) -> None:
    path = write(tmp_path_factory.mktemp("cfg"), f"{key} = {value}\n")
    if value >= 1:
        assert getattr(load(path), key) == value
    else:
        message = error_of(path)
        assert repr(key) in message and "at least 1" in message


@settings(max_examples=60, deadline=None)
@given(
    path_part=st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True), max_size=3),
    slash=st.booleans(),
)
def test_base_url_always_ends_with_one_slash(
    tmp_path_factory: pytest.TempPathFactory, path_part: list[str], slash: bool
) -> None:
    url = "https://example.org/" + "/".join(path_part)
    url = url.rstrip("/") + ("/" if slash else "")
    path = write(tmp_path_factory.mktemp("cfg"), f'base_url = "{url}"\n')
    base_url = load(path).base_url
    assert base_url.endswith("/") and not base_url.endswith("//")
    assert base_url.rstrip("/") == url.rstrip("/")
