"""NL Design System (Utrecht component library) classes for Django form widgets, and the page links of the
pagination component.

Used by the form templates in templates/django/forms/ (FORM_RENDERER = TemplatesSetting), so that
`{{ form }}` and `{{ field.as_field_group }}` render NL DS markup everywhere:
`{% load nlds %}{{ field|nlds_widget }}`; and by templates/components/paginering.html.
"""

from django import forms, template
from django.forms.widgets import Input
from django.template.defaulttags import querystring
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _classes(widget: forms.Widget, invalid: bool) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "utrecht-checkbox utrecht-checkbox--html-input" + (" utrecht-checkbox--invalid" if invalid else "")
    if isinstance(widget, forms.RadioSelect):
        base = "utrecht-radio-button utrecht-radio-button--html-input"
        return base + (" utrecht-radio-button--invalid" if invalid else "")
    if isinstance(widget, forms.Select):
        return "utrecht-select utrecht-select--html-select" + (" utrecht-select--invalid" if invalid else "")
    if isinstance(widget, forms.Textarea):
        return "utrecht-textarea utrecht-textarea--html-textarea" + (" utrecht-textarea--invalid" if invalid else "")
    if isinstance(widget, forms.CheckboxInput):
        return "utrecht-checkbox utrecht-checkbox--html-input" + (" utrecht-checkbox--invalid" if invalid else "")
    if isinstance(widget, forms.FileInput | forms.HiddenInput):
        return ""
    if isinstance(widget, Input):
        return "utrecht-textbox utrecht-textbox--html-input" + (" utrecht-textbox--invalid" if invalid else "")
    return ""


@register.filter
def nlds_widget(bound_field):
    """Render the field's widget with the NL DS class for its kind, keeping classes set on the widget."""
    classes = _classes(bound_field.field.widget, bool(bound_field.errors))
    existing = bound_field.field.widget.attrs.get("class", "")
    attrs = {"class": f"{existing} {classes}".strip()} if classes else None
    return bound_field.as_widget(attrs=attrs)


def _option_attrs(attrs: dict) -> str:
    """Django's attrs.html for one option: `selected`, `disabled` (True) or a value; False leaves it out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


@register.filter
def select_opties(optgroups) -> str:
    """The options (and optgroups) of a select, as Django's select.html and select_option.html render them, in
    Python: including the option template once per option made the 342 gemeenten of a drop-down cost more than
    the rest of the form (templates/django/forms/widgets/select.html)."""
    delen = []
    for group_name, group_choices, _index in optgroups:
        opties = mark_safe(
            "".join(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    str(o["value"]),
                    mark_safe(_option_attrs(o["attrs"])),
                    o["label"],
                )
                for o in group_choices
            )
        )
        delen.append(
            format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, opties) if group_name else opties
        )
    return mark_safe("".join(delen))


@register.filter
def nlds_kind(bound_field) -> str:
    """'checkbox' for a single checkbox (input before its label), 'fieldset' for option groups, else 'input'."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if bound_field.use_fieldset:
        return "fieldset"
    return "input"


@register.simple_tag
def pagina_nummers(pagina):
    """The page numbers to show: the first and last page, two either side of the current one, `…` between."""
    return pagina.paginator.get_elided_page_range(pagina.number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def pagina_url(context, param: str, nummer, zonder: str = "") -> str:
    """The query string for page `nummer` in the parameter `param` (the lists use `page` or `pagina`), keeping
    the other parameters (search, filters, sort); `zonder` names one that only holds for the page shown (e.g.
    "select all on this page"), dropped on the way to another page."""
    wijzigingen = {param: nummer}
    if zonder:
        wijzigingen[zonder] = None
    return querystring(context, **wijzigingen)


@register.filter
def begint_met(waarde, voorvoegsels: str) -> bool:
    """Whether `waarde` starts with one of the comma-separated prefixes (e.g. a URL name, for the nav)."""
    return bool(waarde) and str(waarde).startswith(tuple(voorvoegsels.split(",")))
