"""Extensibility: a new unit kind is one class plus one schema section, defined here only.

The observation post below is a static post that only watches the ground around it. Defining
the class registers the kind (``droneline.agents.UNIT_KINDS``) and its section
(``red.observation_posts`` / ``blue.observation_posts``) joins the schema; a model then
deploys, senses with and reports it without any other file knowing about it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import droneline as dl
from droneline.agents import UNIT_KINDS, AssaultGroup, Unit
from droneline.agents.base import along_front
from droneline.agents.registry import unregister
from droneline.model.schema import param, parameters
from droneline.model.sensing import sense, update_coverage


@pytest.fixture
def observation_post():
    """Define the kind for one test (and take it out of the registry afterwards)."""

    @dataclass
    class ObservationPosts:
        """Static observation posts: a few soldiers with optics watching the ground."""

        posts: int = param(0, "posts", 0, 50, source="test", doc="posts along the front")
        setback_km: float = param(1.5, "km", 0, 10, source="test", doc="behind the front")
        crew: float = param(3, "soldiers", 1, 10, source="test", doc="soldiers per post")
        observe_range_km: float = param(3.0, "km", 0, 10, source="test", doc="optics reach")
        signature: float = param(0.2, "-", 0, 10, source="test", doc="signature (still)")
        target_value: float = param(2.0, "value", 0, 100, source="test", doc="as a target")

    class ObservationPost(Unit):
        """A static post that only senses."""

        NAME = "observation_post"
        LABEL = "observation post"
        MARKER = "h"
        SECTION = "observation_posts"
        SECTION_SCHEMA = ObservationPosts
        SIGNATURE = "observation_posts.signature"
        TARGET_VALUE = "observation_posts.target_value"
        OBSERVES = True
        DEPLOY_STAGE = "support"

        @classmethod
        def deploy(cls, model, side: int) -> list:
            p = cls.params(model, side)
            cells = along_front(model, side, p.posts, p.setback_km)
            return [cls(model, side, c, strength=p.crew) for c in cells]

        @classmethod
        def observe_range_km(cls, model, side: int) -> float:
            return cls.params(model, side).observe_range_km

    yield ObservationPost
    unregister("observation_post")


def test_defining_the_class_registers_the_kind_and_its_section(observation_post):
    assert UNIT_KINDS["observation_post"] is observation_post
    assert observation_post.KIND == len(UNIT_KINDS) - 1
    spec = parameters()["blue.observation_posts.observe_range_km"]
    assert (spec.unit, spec.lo, spec.hi, spec.default) == ("km", 0, 10, 3.0)
    with pytest.raises(dl.ScenarioError, match="observation_posts.posts = 99"):
        dl.load_scenario("pokrovsk_drone_line", {"blue.observation_posts.posts": 99})


def test_a_model_with_the_new_kind_runs_senses_and_reports_it(observation_post):
    m = dl.BattlefieldModel(
        "pokrovsk_drone_line", seed=1, overrides={"blue.observation_posts.posts": 4}
    )
    posts = m.units.live_of(observation_post.KIND, 1)
    assert len(posts) == 4
    assert m.kinds.signature[1, observation_post.KIND] == 0.2
    m.run_days(0.25)
    summary = m.summary()
    assert summary["units_blue_observation_post"] == 4
    assert summary["units_red_observation_post"] == 0
    assert "losses_blue_drone_observation_post" in m.timeseries().columns


def test_the_new_kind_sees_what_nobody_else_sees(observation_post, bare_model):
    def detected(with_post: bool) -> bool:
        m = bare_model(seed=2, **{"sensing.observe_rate_per_hour": 20.0})  # deploys no posts
        nx = m.scales.nx
        if with_post:
            observation_post(m, 1, 10 * nx + 20, strength=3.0)  # 1 km behind blue's front
        red = AssaultGroup(m, 0, 10 * nx + 40, 5)  # 2 km from the post: beyond others' 1 km
        m.refresh_all()
        update_coverage(m)
        for _ in range(30):
            sense(m)
        return m.units.det_blue[red.row] >= m.steps

    assert detected(with_post=True)  # the post's 3 km optics find the group
    assert not detected(with_post=False)  # no other blue unit watches that ground
