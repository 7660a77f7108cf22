from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from supervision.transitions import refusal_reasons


class PasswordChange(PasswordChangeView):
    """Everyone changes their own password; the validators in settings decide what is allowed."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("密码已修改。"))
        return super().form_valid(form)


def private_file(stored, **kwargs) -> FileResponse:
    """An uploaded file the caller has checked this user may have; 404 if the disk lost it."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件不存在。")) from None
    return FileResponse(handle, **kwargs)


def evidence_response(evidence, *, attachment: bool = True) -> FileResponse:
    """An evidence file the caller has checked this user may have, under its original name
    (a photo shown in the page: `attachment=False`)."""
    return private_file(
        evidence.file,
        as_attachment=attachment,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )


def confirmation_page(request, *, machine, instance, action: str, back: str) -> HttpResponse | None:
    """The second step of an irreversible action: a page saying what will happen and to whom,
    whose form posts the same again with `confirmed=1` (no script needed). None when the
    action needs none or this is the confirmed post."""
    if action not in machine.confirmations or request.POST.get("confirmed") == "1":
        return None
    comment = request.POST.get("comment", "")
    if refusal_reasons(machine, instance, action, by=request.user, comment=comment):
        return None  # it would be refused: the transition says why, there is nothing to confirm
    return render(
        request,
        "confirm.html",
        {
            "label": machine.actions[action],
            "message": machine.confirmations[action] % {"object": instance},
            "fields": [
                (name, value)
                for name, value in request.POST.items()
                if name not in ("csrfmiddlewaretoken", "confirmed")
            ],
            "back": back,
        },
    )
