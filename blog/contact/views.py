"""The contact page served: the form, a stored message answered with the thank-you redirect."""

from django.template.response import TemplateResponse

from blog.thanks import thank_you_redirect, wants_thank_you
from mrblogg import ratelimit

from .services import receive_message


def serve_contact(page, request, *args, **kwargs):
    if request.method == "POST":
        form = page.get_form(request.POST, page=page, user=request.user)
        if form.is_valid():
            submission = receive_message(page, form, ratelimit.client_value(request))
            if submission is not None:
                return thank_you_redirect(page, request)
    elif wants_thank_you(page, request):
        return page.render_landing_page(request)
    else:
        form = page.get_form(page=page, user=request.user)
    context = page.get_context(request, *args, **kwargs)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request, *args, **kwargs), context)
