"""Jinja2 turns a page view into HTML, autoescaping every string (profile names and paths are user input)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from pl_cost.errors import DomainError
from pl_cost.pages.view import Page

if TYPE_CHECKING:
    import jinja2

#: The one line a user sees when the optional dependencies are missing.
EXTRA_HINT = "HTML pages need the report extra: pip install 'pl-cost[report]'"


def require_extra() -> None:
    """Fail in one line, naming the extra, when Jinja2 or matplotlib is not installed."""
    try:
        import jinja2  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError:
        raise DomainError(EXTRA_HINT) from None


@cache
def environment() -> jinja2.Environment:
    """Templates ship inside the package and are found through importlib.resources."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("pl_cost.pages", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def render_page(page: Page) -> str:
    """The page as one self-contained HTML document."""
    from pl_cost import __version__

    require_extra()
    return environment().get_template("page.html.j2").render(page=page, version=__version__)
