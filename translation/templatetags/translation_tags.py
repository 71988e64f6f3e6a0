from django import template

register = template.Library()


@register.inclusion_tag("translation/machine_translation_notice.html", takes_context=True)
def machine_translation_notice(context, page=None):
    """A notice on pages whose text a machine wrote and no person has reviewed yet."""
    return {"job": None}
