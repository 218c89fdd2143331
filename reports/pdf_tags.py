"""What the tagged PDF gets beyond WeasyPrint's own tags: a WeasyPrint finisher, run on the
finished document just before the file is written (letter.html_to_pdf).

    finish(document, pdf)

1. Header cells carry their scope: every TH structure element gets /Scope /Row or /Column
   (from the cell's HTML `scope`; column when it has none), which WeasyPrint 70 leaves out. It
   links each TD to its headers already (/Headers).
2. The page furniture is an artifact: WeasyPrint 70 marks the text of margin boxes (the running
   header, the letter's date on continuation pages, "page 2 of 9", DRAFT) as content with an
   MCID, but keeps it out of the structure tree (PDF 1.7 has no artifact structure element).
   Here each such sequence becomes `/Artifact BMC … EMC`, and its entry in the page's
   parent-tree array becomes null, so a screen reader and a PDF/UA checker take it for what
   it is: repeated furniture, not the letter.

Both work on WeasyPrint's and pydyf's in-memory objects; tests/test_pdf_tags.py reads the
written file back to prove them, so an upgrade that changes those objects fails there.
"""

from __future__ import annotations

import pydyf


def finish(document, pdf) -> None:
    scope_header_cells(document)
    margin_content_as_artifacts(pdf)


def scope_header_cells(document) -> None:
    # WeasyPrint keeps each cell's structure element on its box as `mark` while it builds the
    # tree; the finisher runs before the objects are written, so a change here is printed.
    for page in document.pages:
        for box in page._page_box.descendants():
            mark = getattr(box, "mark", None)
            if getattr(box, "element_tag", None) == "th" and isinstance(mark, dict) and "A" in mark:
                scope = (box.element.attrib.get("scope") or "").lower()
                mark["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def _number(reference) -> int | None:
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return int(reference.split()[0])
    return None


def _reachable_elements(pdf, root) -> set[int]:
    """The object numbers of every structure element reachable from the tree's root."""
    seen: set[int] = set()
    stack = list(root.get("K", []))
    while stack:
        number = _number(stack.pop())
        if number is None or number in seen:
            continue
        seen.add(number)
        element = pdf.objects[number]
        if isinstance(element, dict) and element.get("Type") == "/StructElem":
            stack.extend(element.get("K", []))
    return seen


def _as_artifacts(operations: list, mcids: set[int]) -> list:
    """The content stream's operations with each `/Tag <</MCID n>> BDC` for n in mcids turned
    into `/Artifact BMC` (the matching EMC stays as it is)."""
    out: list = []
    i = 0
    while i < len(operations):
        item = operations[i]
        if (
            isinstance(item, pydyf.Dictionary)
            and item.get("MCID") in mcids
            and i + 1 < len(operations)
            and operations[i + 1] == b"BDC"
            and out
            and isinstance(out[-1], str)
            and out[-1].startswith("/")
        ):
            out[-1] = "/Artifact"
            out.append(b"BMC")
            i += 2
            continue
        out.append(item)
        i += 1
    return out


def margin_content_as_artifacts(pdf) -> None:
    root_number = _number(pdf.catalog.get("StructTreeRoot"))
    if root_number is None:
        return  # an untagged PDF
    root = pdf.objects[root_number]
    reachable = _reachable_elements(pdf, root)
    nums = pdf.objects[_number(root["ParentTree"])]["Nums"]
    pages = {
        page["StructParents"]: page
        for page in pdf.objects
        if isinstance(page, pydyf.Dictionary) and page.get("Type") == "/Page" and "StructParents" in page
    }
    # A page's content and the groups drawn into it share one MCID counter (`_tags`).
    streams_by_tags: dict[int, list] = {}
    for candidate in pdf.objects:
        tags = getattr(candidate, "_tags", None)
        if isinstance(candidate, pydyf.Stream) and tags is not None:
            streams_by_tags.setdefault(id(tags), []).append(candidate)
    for key, mapping in zip(nums[::2], nums[1::2], strict=True):
        if not isinstance(mapping, pydyf.Array) or key not in pages:
            continue  # an annotation's entry, not a page's
        orphans = {
            mcid
            for mcid, reference in enumerate(mapping)
            if _number(reference) is not None and _number(reference) not in reachable
        }
        if not orphans:
            continue
        page_stream = pdf.objects[_number(pages[key]["Contents"])]
        for stream in streams_by_tags.get(id(page_stream._tags), [page_stream]):
            stream.stream = _as_artifacts(stream.stream, orphans)
        for mcid in orphans:
            mapping[mcid] = "null"
