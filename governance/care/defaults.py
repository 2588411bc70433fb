"""The special groups and household tags every deployment starts with (editable afterwards).

Written by the app's data migration, and again by the demo and the factories when a test's
flush has emptied the tables."""

# (name, visit cycle in days, home visits count, phone calls count): the seeds' special groups,
# monthly as 一个月为一个循环周期 has it, weekly for those who live alone.
GROUPS = [
    ("低保", 30, True, True),
    ("特困", 30, True, False),
    ("孤寡老人", 14, True, True),
    ("独居老人", 7, True, True),
    ("残障", 30, True, True),
    ("留守儿童", 30, True, False),
    ("重点关注", 7, True, False),
]
TAGS = ["党员家庭", "特殊人员家庭", "出租房", "空巢家庭"]


def add_defaults(care_group_model, household_tag_model) -> None:
    """Takes the models as arguments so the migration can pass its historical ones."""
    for order, (name, cycle, home, phone) in enumerate(GROUPS):
        care_group_model.objects.get_or_create(
            name=name,
            defaults={
                "visit_cycle_days": cycle,
                "allows_home_visit": home,
                "allows_phone_call": phone,
                "sort_order": order,
            },
        )
    for order, name in enumerate(TAGS):
        household_tag_model.objects.get_or_create(name=name, defaults={"sort_order": order})
