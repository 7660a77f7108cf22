"""Reading one cell into a Python value, with a Chinese message when it cannot be read."""

import datetime
import re
from decimal import Decimal, InvalidOperation


class CellError(ValueError):
    """The cell's value cannot be used; the message says why, in Chinese."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, *, max_length: int = 200) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if len(result) > max_length:
        raise CellError(f"内容过长：最多{max_length}个字，这里有{len(result)}个字。")
    return result


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _number(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError("应为数字，不能是“是/否”。")
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise CellError("应为数字。") from None
        if not number.is_finite():
            raise CellError("应为有限的数字。")
        return number
    if isinstance(value, str) and _NUMBER.match(value.strip().replace(",", "")):
        return Decimal(value.strip().replace(",", ""))
    raise CellError(f"应为数字，不能是“{str(value)[:20]}”。")


def whole_number(value, *, maximum: int = 10_000_000) -> int:
    number = _number(value)
    if number != number.to_integral_value():
        raise CellError(f"应为整数，不能是{number}。")
    if number < 0:
        raise CellError("不能为负数。")
    if number > maximum:
        raise CellError(f"数值过大（不超过{maximum}）。")
    return int(number)


def decimal(value, *, what: str = "数值", maximum: Decimal = Decimal("9999999.99")) -> Decimal:
    number = _number(value)
    if number < 0:
        raise CellError(f"{what}不能为负数。")
    if number > maximum:
        raise CellError(f"{what}过大。")
    if number != number.quantize(Decimal("0.01")):
        raise CellError(f"{what}最多保留两位小数。")
    return number.quantize(Decimal("0.01"))


def area(value) -> Decimal:
    return decimal(value, what="面积")


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
    raise CellError(f"应为日期（如 2015-06-30），不能是“{str(value)[:20]}”。")


def choice(value, *, choices: dict[str, str]) -> str:
    """`choices` maps the Chinese label a clerk types to the stored value."""
    label = text(value)
    if label in choices:
        return choices[label]
    raise CellError(f"应为以下之一：{'、'.join(choices)}；不能是“{label[:20]}”。")
