"""Coordinators: add, edit, retire and restore topics."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from booking.coordinator import bp
from booking.coordinator.forms import ActionForm, TopicForm
from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.forms import apply_rule_error
from booking.models import Topic
from booking.services import topics


@bp.route("/topics")
def topic_list():
    return render_template(
        "coordinator/topics.html", topics=topics.all_topics(), action_form=ActionForm()
    )


def _details(form: TopicForm) -> topics.TopicDetails:
    groups = form.age_groups.data or []
    return topics.TopicDetails(
        name=form.name.data or "",
        description=form.description.data or "",
        for_primary="primary" in groups,
        for_secondary="secondary" in groups,
        default_length=int(form.default_length.data),
    )


@bp.route("/topics/new", methods=["GET", "POST"])
def topic_new():
    form = TopicForm(data={"age_groups": ["primary", "secondary"], "default_length": "60"})
    if form.validate_on_submit():
        try:
            topic = topics.create_topic(_details(form), actor=current_user)
        except RuleBroken as error:
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"Topic {topic.name} added", "success")
            return redirect(url_for("coordinator.topic_list"))
    return render_template("coordinator/topic_form.html", form=form, topic=None)


@bp.route("/topics/<int:topic_id>", methods=["GET", "POST"])
def topic_edit(topic_id: int):
    topic = db.get_or_404(Topic, topic_id)
    form = TopicForm(
        data={
            "name": topic.name,
            "description": topic.description,
            "age_groups": [group.value for group in topic.age_groups],
            "default_length": str(topic.default_length),
        }
    )
    if form.validate_on_submit():
        try:
            topics.update_topic(topic, _details(form), actor=current_user)
        except RuleBroken as error:
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"Topic {topic.name} saved", "success")
            return redirect(url_for("coordinator.topic_list"))
    return render_template("coordinator/topic_form.html", form=form, topic=topic)


@bp.route("/topics/<int:topic_id>/<any(retire, restore):action>", methods=["POST"])
def topic_retire(topic_id: int, action: str):
    topic = db.get_or_404(Topic, topic_id)
    if ActionForm().validate_on_submit():
        topics.set_active(topic, action == "restore", actor=current_user)
        db.session.commit()
        flash(
            f"{topic.name} restored: teachers can request it again"
            if topic.active
            else f"{topic.name} retired: teachers can no longer request it",
            "success",
        )
    return redirect(url_for("coordinator.topic_list"))
