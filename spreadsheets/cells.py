"""Reading one cell into a Python value, with a Chinese message when it cannot be read.

The limits of a value (its length, its range, its decimal places) are never written here: a
column reads through `for_field(model_field)`, which takes them from the model field the value
is stored in, so the importer and the database cannot disagree.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import translation
from django.utils.translation import gettext as _

# What Excel shows for a formula that failed; with data_only openpyxl hands them over as text.
ERROR_VALUES = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)

# Characters that take no room on screen: Unicode's format characters (zero-width space and
# joiners, the BOM, direction marks, soft hyphen) and the Hangul fillers, which draw nothing.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")


class CellError(ValueError):
    """The cell's value cannot be used; the message says why, in Chinese."""


def is_invisible(character: str) -> bool:
    return unicodedata.category(character) == "Cf" or character in _FILLERS


def clean(value) -> str:
    """The text as a person sees it: without invisible characters, without space around it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(c for c in str(value) if not is_invisible(c)).strip()


def key(value) -> str:
    """The form two names are compared in: what looks the same is the same.

    NFKC folds full-width letters, digits and spaces and compatibility ideographs into their
    plain forms; invisible characters go; runs of any space (non-breaking, full-width) count
    as one and none at either end.
    """
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join("".join(c for c in text if not is_invisible(c)).split())


def junk(text: str) -> str:
    """The characters of `text` a reader cannot see or tell apart from a space, as U+XXXX."""
    found = [c for c in dict.fromkeys(text) if is_invisible(c) or c.isspace()]
    return "、".join(f"U+{ord(c):04X}" for c in found)


def is_error_value(value) -> bool:
    return isinstance(value, str) and key(value).upper() in ERROR_VALUES


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


def text(value, *, max_length: int) -> str:
    result = clean(value)
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
    if isinstance(value, str):
        written = key(value).replace(",", "")
        if _NUMBER.match(written):
            return Decimal(written)
    raise CellError(_("应为数字，不能是“%(value)s”。") % {"value": str(value)[:20]})


def whole_number(value, *, minimum: int, maximum: int) -> int:
    number = _number(value)
    if number != number.to_integral_value():
        raise CellError(_("应为整数，不能是%(value)s。") % {"value": number})
    if number < minimum:
        if minimum == 0:
            raise CellError(_("不能为负数。"))
        raise CellError(_("不能小于%(min)s。") % {"min": minimum})
    if number > maximum:
        raise CellError(_("数值过大（不超过%(max)s）。") % {"max": maximum})
    return int(number)


def decimal(value, *, what: str, minimum: Decimal | None, maximum: Decimal, places: int) -> Decimal:
    number = _number(value)
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise CellError(_("%(what)s不能为负数。") % {"what": what})
        raise CellError(_("%(what)s不能小于%(min)s。") % {"what": what, "min": minimum})
    if number > maximum:
        raise CellError(_("%(what)s过大（不超过%(max)s）。") % {"what": what, "max": maximum})
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step):
        raise CellError(_("%(what)s最多保留%(places)s位小数。") % {"what": what, "places": places})
    return number.quantize(step)


def date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        cleaned = key(value).replace("/", "-").replace(".", "-")
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned) or re.fullmatch(
            r"(\d{4})年(\d{1,2})月(\d{1,2})日", cleaned
        )
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
    raise CellError(
        _("应为日期（如 2015-06-30），不能是“%(value)s”。") % {"value": clean(value)[:20]}
    )


def choice(value, *, choices: dict[str, str]):
    """`choices` maps the Chinese label a clerk types to the stored value."""
    wanted = key(value)
    for label, stored in choices.items():
        if key(label) == wanted:
            return stored
    raise CellError(
        _("应为以下之一：%(choices)s；不能是“%(value)s”。")
        % {"choices": "、".join(choices), "value": clean(value)[:20]}
    )


def _bounds(field: models.Field) -> tuple:
    """The field's declared minimum and maximum, and for whole numbers the range every
    database keeps (SQLite's is wider than PostgreSQL's; a file must mean the same on both)."""
    low = high = None
    if isinstance(field, models.IntegerField):
        low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    for validator in field.validators:
        if not isinstance(validator, MinValueValidator | MaxValueValidator):
            continue
        limit = validator.limit_value
        limit = limit() if callable(limit) else limit
        if isinstance(validator, MinValueValidator):
            low = limit if low is None else max(low, limit)
        else:
            high = limit if high is None else min(high, limit)
    return low, high


def labels(field: models.Field) -> dict:
    """A field's choices by their Chinese label, the way a clerk types them."""
    with translation.override("zh-hans"):
        return {str(label): value for value, label in field.choices}


YES_NO = {"是": True, "否": False}


def for_field(field: models.Field, *, max_chars: int, what=None, maximum=None) -> Callable:
    """A reader for cells stored in `field`, with the field's own limits. `max_chars` bounds
    text fields without a max_length; `maximum` may only narrow the field's range (a rule of
    the domain, such as a standard's points); `what` names a number in messages."""
    if field.choices:
        return partial(choice, choices=labels(field))
    if isinstance(field, models.BooleanField):
        return partial(choice, choices=YES_NO)
    if isinstance(field, models.DecimalField):
        low, high = _bounds(field)
        largest = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(1).scaleb(
            -field.decimal_places
        )
        for limit in (high, maximum):
            if limit is not None:
                largest = min(largest, Decimal(limit))
        return partial(
            decimal,
            what=what or _("数值"),
            minimum=None if low is None else Decimal(low),
            maximum=largest,
            places=field.decimal_places,
        )
    if isinstance(field, models.IntegerField):
        low, high = _bounds(field)
        if maximum is not None:
            high = min(high, maximum)
        return partial(whole_number, minimum=low, maximum=high)
    if isinstance(field, models.DateField):
        return date
    if isinstance(field, models.CharField | models.TextField):
        return partial(text, max_length=min(field.max_length or max_chars, max_chars))
    raise TypeError(f"no cell reader for {field!r}")
