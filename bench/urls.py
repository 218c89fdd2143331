"""The benchmark's URLs: the product's, plus the trivial view both benchmarks measure as the floor.

/bench/floor/ answers a signed-in user with a few bytes and no query beyond the session and the
user, through the whole middleware stack: what any signed-in request costs before its view does
anything. Only bench.settings routes here (ROOT_URLCONF); a production server has no such URL.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from iqm.urls import handler400  # noqa: F401 - handler400 is read from here
from iqm.urls import urlpatterns as product_urlpatterns


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"floor {request.user.pk}\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *product_urlpatterns]
