"""Commands, reporting and exit codes. Thin: the work happens in `pipeline`."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, guards, scaffold
from . import config as config_mod
from .discover import shown as printable
from .model import Problem
from .output import OutputError
from .pipeline import BuildError, BuildResult, build

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """`broadsheet`, `python -m builder` and `python build.py` all start here."""
    parser = _parser(prog)
    args = parser.parse_args(_command_first(parser, list(sys.argv[1:] if argv is None else argv)))
    # A build makes millions of long-lived objects; the default thresholds rescan them over
    # and over (about 15% of a cold build's CPU). Cycles are still collected, less often. Set
    # here, for this process, rather than by the library behind its caller's back.
    gc.set_threshold(100_000, 50, 100)
    try:
        return int(args.run(args))
    except (config_mod.ConfigError, BuildError, OutputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED if isinstance(error, BuildError) else EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted: the output is the previous site or the new one, whole", file=sys.stderr)
        return 130


def _command_first(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`build` when no command is given, and options given before the command moved after it:
    `broadsheet --quiet` is `broadsheet build --quiet`, `--strict check` is `check --strict`."""
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    valued = {
        option
        for sub in commands.choices.values()
        for action in sub._actions
        if action.nargs != 0
        for option in action.option_strings
    }
    i = 0
    while (
        i < len(argv) and argv[i].startswith("-") and argv[i] not in {"-h", "--help", "--version"}
    ):
        i += 2 if argv[i] in valued else 1
    if i >= len(argv):
        return ["build", *argv]
    if argv[i] in commands.choices:
        return [argv[i], *argv[:i], *argv[i + 1 :]]
    return argv


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The command line's options and commands. Longer than most functions on purpose: a
    declarative list of argparse options, read top to bottom like the `--help` it makes."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Broadsheet: turn scraped news articles into a digest website and feeds.",
        epilog="With no command, builds the site: `broadsheet` is `broadsheet build`.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def site_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--config", type=Path, default=Path("site.toml"), help="site config")
        sub.add_argument("--content", type=Path, help="folder of article files (.txt, .md)")
        sub.add_argument("--base-url", help="public URL of the site, e.g. https://u.github.io/r/")
        sub.add_argument("--drafts", action="store_true", help="include draft articles")
        sub.add_argument(
            "--future", action="store_true", help="include stories dated later than now"
        )
        sub.add_argument(
            "--themes-dir",
            type=Path,
            default=os.environ.get("BROADSHEET_THEMES_DIR") or None,
            help="the site's own themes (default: themes/ next to the config), before the built-in",
        )
        sub.add_argument(
            "--strict",
            action="store_true",
            help="fail if any file is skipped (build: and write nothing; check: on warnings too)",
        )

    build_cmd = commands.add_parser("build", help="build the site into public/")
    site_options(build_cmd)
    build_cmd.add_argument("--output", type=Path, help="output folder (default: public)")
    build_cmd.add_argument("--no-cache", action="store_true", help="ignore the build cache")
    build_cmd.add_argument("--jobs", type=int, default=0, help="worker processes (default: cores)")
    build_cmd.add_argument("--quiet", action="store_true", help="print only problems")
    build_cmd.add_argument("--timings", action="store_true", help="print each stage's time")
    build_cmd.set_defaults(command="build", run=_build)

    check_cmd = commands.add_parser("check", help="validate config and content; write nothing")
    site_options(check_cmd)
    check_cmd.set_defaults(command="check", run=_check)

    import_cmd = commands.add_parser("import", help="convert raw article files into Markdown pages")
    import_cmd.add_argument("sources", nargs="+", type=Path, metavar="FILE_OR_DIR")
    import_cmd.add_argument("--to", type=Path, default=Path("content"), help="target folder")
    import_cmd.add_argument("--force", action="store_true", help="overwrite existing pages")
    import_cmd.set_defaults(command="import", run=_import)

    new_cmd = commands.add_parser(
        "new", aliases=["init"], help="start a new site: config, examples, Pages workflow"
    )
    new_cmd.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder")
    new_cmd.add_argument("--title", help="the site's title (asked for when not given)")
    new_cmd.add_argument("--base-url", help="its public URL (asked for when not given)")
    new_cmd.add_argument("--force", action="store_true", help="add to a folder that is not empty")
    new_cmd.set_defaults(command="new", run=_new)

    serve_cmd = commands.add_parser("serve", help="live preview with reload on save")
    site_options(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to bind (default: local)")
    serve_cmd.add_argument("--port", type=_port, default=8000, help="0: any free port")
    serve_cmd.add_argument("--open", action="store_true", help="open a browser")
    serve_cmd.add_argument("--output", type=Path, help="preview folder (default: .cache/preview)")
    serve_cmd.set_defaults(command="serve", run=_serve)

    mail_cmd = commands.add_parser("newsletter", help="print or save an edition as an e-mail")
    site_options(mail_cmd)
    mail_cmd.add_argument("edition", nargs="?", help="e.g. 2024-11-07 or 2024-W45 (the latest)")
    mail_cmd.add_argument("--format", choices=("html", "txt"), default="html", dest="kind")
    mail_cmd.add_argument("--save", type=Path, metavar="FILE", help="write it here, not stdout")
    mail_cmd.set_defaults(command="newsletter", run=_newsletter)
    return parser


def load_config(args: argparse.Namespace, **extra: object) -> config_mod.Config:
    path: Path | None = args.config
    if path is not None and not path.exists() and path == Path("site.toml"):
        path = None  # no site.toml: defaults
    absolute = {
        key: Path(value).resolve()
        for key, value in (
            ("content_dir", args.content),
            ("output_dir", getattr(args, "output", None)),
            ("themes_dir", args.themes_dir),
        )
        if value is not None
    }
    overrides: dict[str, object] = {"base_url": args.base_url, "drafts": args.drafts or None}
    overrides["future"] = getattr(args, "future", False) or None
    overrides.update(absolute)
    overrides.update(extra)
    return config_mod.load(path, **overrides)


def _build(args: argparse.Namespace) -> int:
    config = load_config(args)
    log = (lambda _: None) if args.quiet else _log
    result = build(config, use_cache=not args.no_cache, jobs=args.jobs, strict=args.strict, log=log)
    report(result, config, quiet=args.quiet)
    if args.timings:
        print("timings: " + ", ".join(f"{k} {v:.3f} s" for k, v in result.timings.items()))
        print(f"content files read: {result.read} (the others came from the cache)")
    for warning in guards.warnings(config, result.output_files):
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_FAILED if args.strict and result.errors else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    config = load_config(args)
    result = build(config, use_cache=False, write=False)
    report(result, config, quiet=False, verb="Checked")
    for warning in guards.warnings(config, {}):
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_FAILED if result.errors or (args.strict and result.warnings) else EXIT_OK


def _port(text: str) -> int:
    """A TCP port for argparse: 0 (any free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: use 1 to 65535, or 0 for any")
    return port


def _newsletter(args: argparse.Namespace) -> int:
    from .newsletter import newsletter

    data, problems = newsletter(load_config(args), args.edition, args.kind)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.save is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.save.write_bytes(data)
        print(f"Saved {_shown(args.save)} ({len(data):,} bytes)", file=sys.stderr)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args, load_config)


def _new(args: argparse.Namespace) -> int:
    title = args.title if args.title is not None else _ask("Title", scaffold.DEFAULT_TITLE)
    base_url = args.base_url or _ask("Public URL (base_url)", scaffold.DEFAULT_BASE_URL)
    try:
        written = scaffold.create(scaffold.NewSite(args.folder, title, base_url), force=args.force)
    except (scaffold.ScaffoldError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Created a new site in {_shown(args.folder)}: {len(written)} files.")
    print(f"Next: cd {_shown(args.folder)} && broadsheet serve --open  (see its README.md)")
    return EXIT_OK


def _ask(question: str, default: str) -> str:
    """The user's answer when someone is at the terminal; the default otherwise."""
    if not sys.stdin.isatty():
        return default
    try:
        return input(f"{question} [{default}]: ").strip() or default
    except EOFError:
        return default


def _import(args: argparse.Namespace) -> int:
    from .convert import convert, write_page

    target: Path = args.to
    failed = written = 0
    for source in args.sources:
        files = _raw_files(source) if source.is_dir() else [source]
        for path in files:
            rel = path.relative_to(source) if source.is_dir() else Path(path.name)
            destination = target / rel.with_suffix(".md")
            shown = _shown(path)
            try:
                data = path.read_bytes()
            except OSError as error:
                print(f"{shown}: error: cannot read: {error.strerror}", file=sys.stderr)
                failed += 1
                continue
            text, problems = convert(data, shown)
            for problem in problems:
                print(problem, file=sys.stderr)
            if text is None:
                failed += 1
                continue
            if destination.is_file() and not args.force:
                print(
                    f"{shown}: skipped: {_shown(destination)} exists (use --force)", file=sys.stderr
                )
                failed += 1
                continue
            try:
                write_page(destination, text)
            except OSError as error:
                where = _shown(Path(error.filename or destination))
                print(f"{shown}: error: cannot write {where}: {error.strerror}", file=sys.stderr)
                failed += 1
                continue
            written += 1
            print(f"{shown} → {_shown(destination)}")
    print(f"Imported {_count(written, 'article')}; {failed} not imported.")
    return EXIT_FAILED if failed else EXIT_OK


def _raw_files(folder: Path) -> list[Path]:
    """Raw article files under `folder` (`.txt` in any case), hidden ones left out."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() == ".txt"
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def report(
    result: BuildResult, config: config_mod.Config, *, quiet: bool, verb: str = "Built"
) -> None:
    for problem in result.problems:
        print(_with_content_path(problem, config.content_dir), file=sys.stderr)
    for note in result.notes:
        print(f"warning: {note}", file=sys.stderr)
    if quiet:
        return
    skipped = len({p.path for p in result.errors})
    summary = (
        f"{verb} {_count(result.pages, 'page')}: "
        f"{_count(result.published, 'article')} published, {skipped} skipped, "
        f"{_count(len(result.warnings), 'warning')}"
    )
    if verb == "Built":
        summary += f", {result.written} written, {result.kept} unchanged, in {result.seconds:.2f} s"
        summary += f" → {_shown(config.output_dir)}"
    print(summary)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _with_content_path(problem: Problem, content: Path) -> str:
    return str(
        Problem(_shown(content / problem.path), problem.message, problem.line, problem.level)
    )


def _shown(path: Path) -> str:
    """Relative to the working folder when inside it, else absolute: never `../../x`; bytes
    that are not UTF-8 escaped."""
    absolute = path.absolute()
    try:
        return printable(str(absolute.relative_to(Path.cwd())))
    except ValueError:
        return printable(str(absolute))


def _log(message: str) -> None:
    print(message, file=sys.stderr)
