"""Who may see a cluster meeting, in one place: directors (the pages are theirs alone). Anything
else answers 404."""

from django.http import Http404

from clusters.models import ClusterMeeting


def meeting_for_director(user, pk: int) -> ClusterMeeting:
    """The meeting, for a director; 404 for anyone else or an unknown meeting."""
    meeting = (
        ClusterMeeting.objects.filter(pk=pk).first() if user.is_authenticated and user.is_director else None
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting
