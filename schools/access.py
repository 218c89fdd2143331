"""Who may see a school's page, in one place. Anything else answers 404."""

from django.http import Http404

from schools.models import School


def school_for_director(user, pk: int) -> School:
    """The school, for a director; 404 for anyone else or an unknown school."""
    school = School.objects.visible_to(user).filter(pk=pk).first()
    if school is None or not user.is_director:
        raise Http404("No such school.")
    return school
