"""What a visit costs the client: the treatment's price and the area's travel fee.

The two stay apart from the quote to the receipt, since the receipt itemises the travel fee as
not massage therapy (billing/receipts.py) and insurers reimburse only massage therapy. Every
page and email that names a price reads it from here, so each shows the same total the same way.
"""

from dataclasses import dataclass
from decimal import Decimal

from content.models import ServiceArea
from stillwaters.display import dollars

from .models import Appointment, AreaRule, BookingOption

NO_FEE = Decimal("0.00")


@dataclass(frozen=True)
class Price:
    treatment: Decimal
    travel_fee: Decimal = NO_FEE

    @property
    def total(self) -> Decimal:
        return self.treatment + self.travel_fee

    def __str__(self) -> str:
        """'$160 including a $20 travel fee', or '$140' where there is none."""
        if not self.travel_fee:
            return dollars(self.treatment)
        return f"{dollars(self.total)} including a {dollars(self.travel_fee)} travel fee"


def travel_fee(area: ServiceArea) -> Decimal:
    """The area's travel fee as it stands now; NO_FEE where it has none."""
    rule = AreaRule.of(area)
    return (rule.travel_fee if rule else None) or NO_FEE


def quote(option: BookingOption, area: ServiceArea) -> Price:
    """What booking `option` in `area` costs today."""
    return Price(option.price, travel_fee(area))


def of_visit(appointment: Appointment) -> Price:
    """What a booked visit costs: as copied when it was booked, whatever the rule says now."""
    return Price(appointment.price, appointment.travel_fee)


def fee_notice(area: ServiceArea, fee: Decimal) -> str:
    return f"Visits in {area.name} carry a {dollars(fee)} travel fee, added to the treatment price."


def posted_fees(area: ServiceArea | None = None) -> str:
    """The travel fees to post, in one sentence: the area's own once it is known, else every
    area's; "" where there is none to post."""
    rules = AreaRule.objects.filter(travel_fee__gt=0).select_related("area")
    if area is not None:
        rules = rules.filter(area=area)
    rules = list(rules.order_by("area__position", "area__name"))
    if len(rules) == 1:
        return fee_notice(rules[0].area, rules[0].travel_fee)
    if not rules:
        return ""
    each = [f"{rule.area.name} ({dollars(rule.travel_fee)})" for rule in rules]
    listed = f"{', '.join(each[:-1])} and {each[-1]}"
    return f"Visits in {listed} carry a travel fee, added to the treatment price."
