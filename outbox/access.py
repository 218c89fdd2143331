"""Who may see which emails, in one place. Anyone else gets 404."""

from django.http import Http404


def school_for_staff(user):
    """The user's school, for its headteacher and school users; 404 for anyone else."""
    if not (user.is_authenticated and user.is_school_staff):
        raise Http404("No such page.")
    return user.school
