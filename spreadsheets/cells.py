"""Reading one cell into a Python value, with a Chinese message when it cannot be read."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class CellError(ValueError):
    """The cell's value cannot be used; the message says why, in Chinese."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, *, max_length: int = 200) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if len(result) > max_length:
        raise CellError(
            _("内容过长：最多%(max)s个字，这里有%(count)s个字。")
            % {"max": max_length, "count": len(result)}
        )
    return result


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _number(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("应为数字，不能是“是/否”。"))
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise CellError(_("应为数字。")) from None
        if not number.is_finite():
            raise CellError(_("应为有限的数字。"))
        return number
    if isinstance(value, str) and _NUMBER.match(value.strip().replace(",", "")):
        return Decimal(value.strip().replace(",", ""))
    raise CellError(_("应为数字，不能是“%(value)s”。") % {"value": str(value)[:20]})


def whole_number(value, *, maximum: int = 10_000_000) -> int:
    number = _number(value)
    if number != number.to_integral_value():
        raise CellError(_("应为整数，不能是%(value)s。") % {"value": number})
    if number < 0:
        raise CellError(_("不能为负数。"))
    if number > maximum:
        raise CellError(_("数值过大（不超过%(max)s）。") % {"max": maximum})
    return int(number)


def decimal(value, *, what: str | None = None, maximum: Decimal = Decimal("9999999.99")) -> Decimal:
    what = what or _("数值")
    number = _number(value)
    if number < 0:
        raise CellError(_("%(what)s不能为负数。") % {"what": what})
    if number > maximum:
        raise CellError(_("%(what)s过大。") % {"what": what})
    if number != number.quantize(Decimal("0.01")):
        raise CellError(_("%(what)s最多保留两位小数。") % {"what": what})
    return number.quantize(Decimal("0.01"))


def area(value) -> Decimal:
    return decimal(value, what=_("面积"))


def date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        cleaned = value.strip().replace("/", "-").replace(".", "-")
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned) or re.fullmatch(
            r"(\d{4})年(\d{1,2})月(\d{1,2})日", cleaned
        )
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
    raise CellError(
        _("应为日期（如 2015-06-30），不能是“%(value)s”。") % {"value": str(value)[:20]}
    )


def choice(value, *, choices: dict[str, str]) -> str:
    """`choices` maps the Chinese label a clerk types to the stored value."""
    label = text(value)
    if label in choices:
        return choices[label]
    raise CellError(
        _("应为以下之一：%(choices)s；不能是“%(value)s”。")
        % {"choices": "、".join(choices), "value": label[:20]}
    )
