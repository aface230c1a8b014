"""The routine Second Heart ships with, seeded on first run.

Targets are sensible starting points, not medical advice; every field is
editable.
"""

from __future__ import annotations

from typing import NamedTuple


class DefaultExercise(NamedTuple):
    """One exercise of the routine a new database starts with.

    A named tuple, not a frozen dataclass: Today's first frame imports this
    module, and building the dataclass took about 1 ms of it.
    """

    slug: str
    name: str
    kind: str
    target: float
    goal: float | None
    step: float
    unit: str
    summary: str
    # True when the target is the sources' own figure (knee-pit roll, leg
    # elevation); otherwise it is Second Heart's starting point.
    dose_from_sources: bool = False


DEFAULT_ROUTINE: tuple[DefaultExercise, ...] = (
    DefaultExercise(
        "walk",
        "Brisk walk",
        "minutes",
        30,
        None,
        5,
        "min",
        "A low-impact walk at a pace of at least 3 mph (4.8 km/h) that works the "
        "calves and hamstrings. Build up the time or the pace a little at a time.",
    ),
    DefaultExercise(
        "ankle-pumps",
        "Ankle pumps",
        "count",
        20,
        None,
        5,
        "reps",
        "Point and flex the feet, lying down or seated, with no resistance. Made "
        "for long sitting, recovery after surgery, or limited mobility.",
    ),
    DefaultExercise(
        "heel-raises",
        "Heel raises",
        "count",
        15,
        None,
        5,
        "reps",
        "Rise onto the balls of the feet and lower slowly. The calves are the "
        "body's second heart: each squeeze pushes blood back up the legs.",
    ),
    DefaultExercise(
        "bridge",
        "Bridge",
        "count",
        10,
        None,
        2,
        "reps",
        "Lying on your back, lift the hips from the floor. With the hips raised, "
        "gravity helps blood flow back from the legs.",
    ),
    DefaultExercise(
        "seated-marches",
        "Seated marches",
        "count",
        20,
        None,
        5,
        "reps",
        "Lift one knee, then the other, while sitting: a way to keep the legs "
        "moving through long stretches at a desk.",
    ),
    DefaultExercise(
        "knee-pit-roll",
        "Knee-pit roll",
        "minutes",
        2,
        None,
        1,
        "min",
        "Rest the backs of the knees on a foam roller and slowly turn the hips in "
        "and out. Tenderness is normal; pain is not, so ease off. Ask a doctor "
        "first if you have varicose veins or a family history of circulation problems.",
        dose_from_sources=True,
    ),
    DefaultExercise(
        "leg-elevation",
        "Leg elevation",
        "sessions",
        3,
        4,
        1,
        "sessions",
        "Raise the legs above heart level for 15 minutes, three to four times a day.",
        dose_from_sources=True,
    ),
)


def is_app_default_dose(slug: str, target: float) -> bool:
    """Whether ``target`` is Second Heart's own starting point for the exercise ``slug``.

    True for the seeded walk, ankle pumps, heel raises, bridge and seated
    marches while their target is unchanged; the sources give no dose for them.
    """
    for exercise in DEFAULT_ROUTINE:
        if exercise.slug == slug:
            return not exercise.dose_from_sources and exercise.target == target
    return False
