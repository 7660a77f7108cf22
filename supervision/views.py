from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.http import FileResponse, Http404
from django.urls import reverse_lazy
from django.utils.translation import gettext as _


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
