"""Widgets whose markup is put together in Python instead of by Django's widget templates: input.html (through
text.html, date.html …), textarea.html, the project's select.html, each with attrs.html. Those two or three
templates were half of a form field's rendering, and the case page shows some twenty fields. The markup is the
templates' byte for byte (as Django's renderer gives it: stripped), keep the two in step."""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from inburgering.templatetags.nlds import select_opties


def _tekst(waarde) -> str:
    """A value as `{{ waarde|stringformat:'s' }}` prints it: escaped unless it was safe."""
    return conditional_escape(waarde if isinstance(waarde, SafeData) else f"{waarde}")


def kenmerken(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` naam="waarde"`, ` naam` for True, nothing for False."""
    return "".join(
        f" {conditional_escape(naam)}" if waarde is True else f' {conditional_escape(naam)}="{_tekst(waarde)}"'
        for naam, waarde in attrs.items()
        if waarde is not False
    )


class SnelleInvoer:
    """For a forms.Input subclass whose template includes input.html (text, date, number, hidden …)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        waarde = "" if widget["value"] is None else f' value="{_tekst(widget["value"])}"'
        return mark_safe(
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f"{waarde}{kenmerken(widget['attrs'])}>"
        )


class Tekstveld(SnelleInvoer, forms.TextInput):
    pass


class Getalveld(SnelleInvoer, forms.NumberInput):
    pass


class Verborgen(SnelleInvoer, forms.HiddenInput):
    pass


class Tekstvak(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        inhoud = conditional_escape(widget["value"]) if widget["value"] else ""
        return mark_safe(
            f'<textarea name="{conditional_escape(widget["name"])}"{kenmerken(widget["attrs"])}>\n{inhoud}</textarea>'
        )


class Keuzelijst(forms.Select):
    """templates/django/forms/widgets/select.html: its options through the same `select_opties`."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        naam, opties = conditional_escape(widget["name"]), select_opties(widget["optgroups"])
        return mark_safe(f'<select name="{naam}"{kenmerken(widget["attrs"])}>{opties}\n</select>')
