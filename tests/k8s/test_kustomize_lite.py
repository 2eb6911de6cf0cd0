"""The test renderer must agree with Kustomize on the features k8s/ uses, and refuse the rest."""

from __future__ import annotations

import pytest

from .kustomize_lite import (
    UnsupportedFeatureError,
    json6902_apply,
    render,
    split_image,
    strategic_merge,
)


def test_strategic_merge_merges_containers_by_name_and_replaces_plain_lists():
    # given
    base = {
        "containers": [{"name": "a", "args": ["x"], "env": [{"name": "K", "value": "1"}]}],
        "metadata": {"labels": {"keep": "yes", "drop": "me"}},
    }
    patch = {
        "containers": [
            {"name": "a", "args": ["y"], "env": [{"name": "L", "value": "2"}]},
            {"name": "b"},
        ],
        "metadata": {"labels": {"drop": None}},
    }
    # when
    strategic_merge(base, patch)
    # then
    assert base == {
        "containers": [
            {
                "name": "a",
                "args": ["y"],
                "env": [{"name": "K", "value": "1"}, {"name": "L", "value": "2"}],
            },
            {"name": "b"},
        ],
        "metadata": {"labels": {"keep": "yes"}},
    }


def test_strategic_merge_refuses_list_fields_it_does_not_know():
    with pytest.raises(UnsupportedFeatureError):
        strategic_merge({"ports": [{"port": 1}]}, {"ports": [{"port": 2}]})


def test_json6902_add_replace_remove():
    obj = {"spec": {"rules": [{"host": "a"}, {"host": "b"}], "tls": [1]}}
    json6902_apply(obj, {"op": "replace", "path": "/spec/rules/1/host", "value": "c"})
    json6902_apply(obj, {"op": "add", "path": "/spec/rules/-", "value": {"host": "d"}})
    json6902_apply(obj, {"op": "remove", "path": "/spec/tls"})
    json6902_apply(obj, {"op": "add", "path": "/spec/a~1b", "value": 1})
    assert obj == {"spec": {"rules": [{"host": "a"}, {"host": "c"}, {"host": "d"}], "a/b": 1}}
    with pytest.raises(KeyError):
        json6902_apply(obj, {"op": "replace", "path": "/spec/missing", "value": 1})
    with pytest.raises(IndexError):
        json6902_apply(obj, {"op": "remove", "path": "/spec/rules/7"})


@pytest.mark.parametrize(
    ("image", "parts"),
    [
        ("redis:7.4.5-bookworm", ("redis", "7.4.5-bookworm", None)),
        ("registry:5000/team/app", ("registry:5000/team/app", None, None)),
        ("ghcr.io/a/b:1@sha256:ab", ("ghcr.io/a/b", "1", "sha256:ab")),
    ],
)
def test_split_image(image, parts):
    assert split_image(image) == parts


def test_render_refuses_kustomize_features_it_does_not_implement(tmp_path):
    (tmp_path / "kustomization.yaml").write_text("commonLabels:\n  a: b\n")
    with pytest.raises(UnsupportedFeatureError):
        render(tmp_path)


def test_render_refuses_a_hashed_secret_name(tmp_path):
    (tmp_path / "kustomization.yaml").write_text(
        "secretGenerator:\n  - name: s\n    literals: [A=b]\n"
    )
    with pytest.raises(UnsupportedFeatureError):
        render(tmp_path)
