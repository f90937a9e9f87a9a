"""us-east-1 on-demand prices (USD) used by `campus lab cost`.

Sources: /work/shared/notes/domain-facts.md, which took them from Infracost's test fixtures.
† marks a price that is NOT verified from a primary source here; check
https://aws.amazon.com/ec2/pricing/on-demand/ (Linux, us-east-1) before publishing a figure built on it.
The same figures stand in for us-west-2, whose list prices for these types match us-east-1 (†).
"""

from __future__ import annotations

from decimal import Decimal

HOURS_PER_MONTH = Decimal(730)  # AWS's own convention for monthly figures

INSTANCE_HOURLY: dict[str, Decimal] = {
    # t3: t3.medium from Infracost's test fixtures (domain-facts.md); t3.small is marked † in domain-facts.md.
    "t3.nano": Decimal("0.0052"),  # † AWS on-demand price list, unverified here
    "t3.micro": Decimal("0.0104"),  # † AWS on-demand price list, unverified here
    "t3.small": Decimal("0.0208"),  # † domain-facts.md (Infracost fixtures), marked unverified there
    "t3.medium": Decimal("0.0416"),  # domain-facts.md, Infracost test fixtures
    "t3.large": Decimal("0.0832"),  # † AWS on-demand price list, unverified here
    # t3a (AMD): all † AWS on-demand price list, unverified here
    "t3a.nano": Decimal("0.0047"),
    "t3a.micro": Decimal("0.0094"),
    "t3a.small": Decimal("0.0188"),
    "t3a.medium": Decimal("0.0376"),
    "t3a.large": Decimal("0.0752"),
    # t2 (previous generation): all † AWS on-demand price list, unverified here
    "t2.nano": Decimal("0.0058"),
    "t2.micro": Decimal("0.0116"),
    "t2.small": Decimal("0.023"),
    "t2.medium": Decimal("0.0464"),
    "t2.large": Decimal("0.0928"),
}

UNVERIFIED_INSTANCE_PRICES: frozenset[str] = frozenset(INSTANCE_HOURLY) - {"t3.medium"}

# domain-facts.md, Infracost test fixtures: gp3 storage per GB-month (IOPS/throughput at the free baseline).
EBS_GP3_GB_MONTH = Decimal("0.08")

# domain-facts.md: every public IPv4 address, in use or idle (Elastic IPs included), since 2024-02.
PUBLIC_IPV4_HOURLY = Decimal("0.005")
