from django import template

from continuity.pages import continuity_pages as pages

register = template.Library()


@register.simple_tag
def continuity_pages(workspace):
    """The visit's continuity pages (continuity.pages): {% continuity_pages workspace as pages %}."""
    return pages(workspace)
