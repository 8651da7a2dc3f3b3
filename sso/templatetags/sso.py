"""The login page's single sign-on buttons: {% load sso %}{% sso_sign_in %}."""

from django import template

from sso.providers import site_provider

register = template.Library()


@register.inclusion_tag("sso/sign_in.html", takes_context=True)
def sso_sign_in(context):
    return {"site_provider": site_provider(), "next": context.get("next", "")}
