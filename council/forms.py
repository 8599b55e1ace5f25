"""Form styling for KERN UX, and the login and password forms that use it.

Every Ratssaal form mixes in `KernFormMixin`, so widgets carry KERN's classes and the field
template (`includes/field.html`) only has to lay them out.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

WIDGET_CLASSES = {
    forms.Select: "kern-form-input__select",
    forms.CheckboxInput: "kern-form-check__checkbox",
    forms.RadioSelect: "kern-form-check__radio",
    forms.CheckboxSelectMultiple: "kern-form-check__checkbox",
}


class KernFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = WIDGET_CLASSES.get(type(field.widget), "kern-form-input__input")
            field.widget.attrs["class"] = css


class LoginForm(KernFormMixin, AuthenticationForm):
    pass


class KernPasswordChangeForm(KernFormMixin, PasswordChangeForm):
    pass
