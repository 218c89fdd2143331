"""Rendered parts of the busiest pages, kept in the shared cache until the data behind them
changes.

A cached part is stored under a key made of what it shows (a page, a school, a user…), today's
date, the release (a digest of the templates and code) and the current generation of each topic
it depends on (pagecache.topics: the lists, or one assessment's content). Every write through
the models moves on the topics it feeds (pagecache.invalidation), so the next request renders
afresh. Entries also expire after IQM_PAGE_CACHE_SECONDS, which bounds how long a change made
behind the models' back (psql, a restored backup) can go unseen: `manage.py clear_page_cache`
moves every page on at once.

Only a cache that every process shares (IQM_CACHE_URL) can hold these parts: a process's own
memory would not hear of another process's writes. Without one, or with IQM_PAGE_CACHE off,
`cached` renders every time.

A part may hold forms: `{% csrf_token %}` is rendered as a placeholder that `cached` replaces
with the requesting user's own token, so no one is ever served another person's token.
"""

import hashlib
import time
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import Context, loader
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode
from django.utils import timezone
from django.utils.safestring import SafeString

from pagecache.topics import LISTS, assessment_topic, changed, generations

# What a view needs, in one import (`from pagecache import render as pagecache`).
__all__ = [
    "LISTS",
    "PAGE_BLOCKS_WITH_ASSETS",
    "assessment_topic",
    "cached",
    "changed",
    "enabled",
    "generations",
    "release",
    "remember",
    "render_context",
    "render_page",
]


def enabled() -> bool:
    return settings.IQM_SHARED_CACHE and settings.IQM_PAGE_CACHE


def _release() -> str:
    """A digest of what renders the pages: a new release never serves an old release's parts."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder in (
        "templates",
        "iqm",
        "pagecache",
        "accounts",
        "schools",
        "assessments",
        "reports",
        "clusters",
    ):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".html", ".txt", ".py"} and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_RELEASE: str | None = None


def release() -> str:
    global _RELEASE
    if _RELEASE is None:
        _RELEASE = _release()
    return _RELEASE


# `{% csrf_token %}` inside a cached part renders this, escaped by the tag like any value. It
# holds a NUL, which no stored text can (the forms refuse it), and the whole input element
# is replaced, which escaped user text can never spell.
CSRF_PLACEHOLDER = "\x00iqm-csrf\x00"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_CSRF_PLACEHOLDER_INPUT = _CSRF_INPUT.format(CSRF_PLACEHOLDER)  # escape() leaves a NUL as it is


Topics = Iterable[str] | Callable[[], Iterable[str]]

# How long a request waits for another that is rendering the same part, and how often it looks.
RENDER_WAIT_SECONDS = 2
RENDER_POLL_SECONDS = 0.02


def remember(name: str, parts: tuple, topics: Topics, compute: Callable[[], object]):
    """What `compute()` returns for `parts`, from the cache while none of `topics` has changed
    since it was stored (and today is the day it was stored); `compute` is called otherwise.
    `topics` may be a function, called only when the cache is in use."""
    if not enabled():
        return compute()
    topics = list(topics() if callable(topics) else topics)
    digest = hashlib.sha256(repr((parts, timezone.localdate(), generations(topics))).encode()).hexdigest()
    key = f"page:{release()}:{name}:{digest}"
    stored = cache.get(key)
    if stored is not None:
        return stored
    # A change makes every request for the page miss at once. One of them renders it; the
    # others wait for that part instead of all rendering the same thing together (and render
    # it themselves only if it takes too long, or the renderer fails).
    rendering = f"{key}:rendering"
    if not cache.add(rendering, 1, timeout=RENDER_WAIT_SECONDS):
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(RENDER_POLL_SECONDS)
            stored = cache.get(key)
            if stored is not None:
                return stored
    try:
        stored = compute()
        cache.set(key, stored, settings.IQM_PAGE_CACHE_SECONDS)
    finally:
        cache.delete(rendering)
    return stored


def cached(request, name: str, parts: tuple, topics: Topics, render: Callable[[], dict]) -> dict:
    """The rendered part `name` for `parts` (see remember): `render` returns a dict of HTML
    strings (a page's blocks). They come back safe, with the placeholder CSRF tokens replaced
    by the request's own."""
    token = None
    result = {}
    for field, value in remember(name, parts, topics, render).items():
        if _CSRF_PLACEHOLDER_INPUT in value:
            token = token or get_token(request)
            value = value.replace(_CSRF_PLACEHOLDER_INPUT, _CSRF_INPUT.format(token))
        result[field] = SafeString(value)
    return result


def render_context(**context) -> dict:
    """Context for rendering a cacheable part: its forms get the placeholder CSRF token."""
    return {**context, "csrf_token": CSRF_PLACEHOLDER}


# The blocks of base.html a page fills; the rest of base.html (the navigation bar with the
# user's name, the messages, the sign-out form) is rendered for each request.
PAGE_BLOCKS = ("title", "nav_links", "content")
# And a page with style sheets or scripts of its own (the letter pages).
PAGE_BLOCKS_WITH_ASSETS = (*PAGE_BLOCKS, "head", "scripts")


# A template's blocks and those of the templates it extends, child first: found once for each
# compiled template (the template loader keeps them), not by walking its nodes at every render.
_BLOCK_CHAINS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _block_chain(template, context: Context) -> list[dict]:
    chain = _BLOCK_CHAINS.get(template)
    if chain is None:
        chain, current = [], template
        while current is not None:
            chain.append({node.name: node for node in current.nodelist.get_nodes_by_type(BlockNode)})
            extends = current.nodelist.get_nodes_by_type(ExtendsNode)
            current = extends[0].get_parent(context) if extends else None
        _BLOCK_CHAINS[template] = chain
    return chain


def render_blocks(template_name: str, names: Iterable[str], values: dict) -> dict[str, str]:
    """The blocks `names` of the template, each rendered alone with `values` (as
    render_block.render_block_to_string renders one: a fresh context for each, without the
    request), the template's block nodes found once."""
    template = loader.get_template(template_name).template
    rendered = {}
    for name in names:
        context = Context(values)
        with context.render_context.push_state(template), context.bind_template(template):
            chain = _block_chain(template, context)
            block_context = context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
            for blocks in chain:
                block_context.add_blocks(blocks)
            node = block_context.get_block(name)
            if node is None:
                raise LookupError(f"{template_name} has no block {name!r}")
            rendered[name] = node.render(context)
    return rendered


def render_page(
    request,
    template: str,
    context: Callable[[], dict],
    *,
    name: str,
    parts: tuple,
    topics: Topics,
    status: int = 200,
    blocks: tuple[str, ...] = PAGE_BLOCKS,
):
    """The page `template` (which extends base.html), with its blocks from the cache.

    `context()` is called only when they are not cached. The blocks render without the
    request — no `request`, no `user`, no messages, unless the context gives them — so
    nothing of one request can leak into a part that another is served; whatever the page
    depends on must be in `parts` or `topics`. `blocks`: the blocks of base.html the page fills
    (PAGE_BLOCKS, or PAGE_BLOCKS_WITH_ASSETS for a page with its own style sheets and scripts)."""
    names = blocks

    def blocks() -> dict:
        values = render_context(**context())
        return render_blocks(template, names, values)

    return render(
        request, "cached_page.html", {"part": cached(request, name, parts, topics, blocks)}, status=status
    )
