"""The verification address's QR code (reports.verification.qr_svg): the same dark modules as the
qrcode library's own SVG image, drawn as one path of a rectangle per run of dark modules in a row
— far fewer drawing operations for WeasyPrint than one square a module."""

import re

import pytest
import qrcode
import qrcode.image.svg

from reports.verification import qr_svg

ADDRESSES = ["http://127.0.0.1:8000/verify/GDWA119WHZ/", "https://iqm.example.org/verify/ABCDEFGHJK/"]


def _modules_of_qrcodes_own_image(text: str) -> set[tuple[int, int]]:
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string(
        encoding="unicode"
    )
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", svg)}


def _modules_of_ours(svg: str) -> set[tuple[int, int]]:
    found = set()
    for x, y, width in re.findall(r"M(\d+),(\d+)h(\d+)v1h-\d+z", svg):
        found.update((int(x) + step, int(y)) for step in range(int(width)))
    return found


@pytest.mark.parametrize("address", ADDRESSES)
def test_it_draws_the_same_modules_as_the_librarys_own_image(address):
    assert _modules_of_ours(qr_svg(address)) == _modules_of_qrcodes_own_image(address)


@pytest.mark.parametrize("address", ADDRESSES)
def test_it_draws_a_run_of_modules_as_one_rectangle(address):
    svg = qr_svg(address)
    assert svg.count("<path") == 1
    rectangles = svg.count("z")
    # About half as many operations as modules (231 rectangles for 435 modules here).
    assert rectangles < 0.6 * len(_modules_of_ours(svg))


def test_it_is_an_svg_sized_one_millimetre_a_module_with_no_xml_declaration():
    svg = qr_svg(ADDRESSES[0])
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    assert svg.startswith(f'<svg width="{size}mm" height="{size}mm"')
    assert "<?xml" not in svg


@pytest.mark.parametrize("title", ["", "Scan to verify"])
def test_the_svg_holds_its_title_if_any_then_one_path_of_closed_rectangles_and_nothing_else(title):
    svg = qr_svg(ADDRESSES[1], title=title)
    whole = re.fullmatch(
        r'<svg width="(\d+)mm" height="\1mm" version="1.1" viewBox="0 0 \1 \1" '
        r'xmlns="http://www.w3.org/2000/svg">((?:<title>[^<]*</title>)?)<path d="([^"]*)" fill="#000000"/></svg>',
        svg,
    )
    assert whole, svg
    assert whole.group(2) == (f"<title>{title}</title>" if title else "")
    # Each rectangle goes back as far as it went: "M x,y h w v1 h-w z", with nothing between.
    assert re.fullmatch(r"(?:M\d+,\d+h(\d+)v1h-\1z)+", whole.group(3))
