"""Coordinators: the list of areas (districts). Schools and officers pick from it; a rename
reaches every school and officer of the area."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from booking.coordinator import bp
from booking.coordinator.forms import AreaForm, RenameAreaForm
from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.forms import apply_rule_error
from booking.models import Area
from booking.services import areas


@bp.route("/areas", methods=["GET", "POST"])
def area_list():
    form = AreaForm()
    if form.validate_on_submit():
        try:
            area = areas.add_area(form.name.data, actor=current_user)
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"Area added: {area.name}", "success")
            return redirect(url_for("coordinator.area_list"))
    return render_template(
        "coordinator/areas.html", form=form, areas=areas.all_areas(), usage=areas.usage()
    )


@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
def area_edit(area_id: int):
    area = db.get_or_404(Area, area_id)
    form = RenameAreaForm(data={"name": area.name})
    if form.validate_on_submit():
        old = area.name
        try:
            areas.rename_area(area, form.name.data, actor=current_user)
        except RuleBroken as error:
            db.session.rollback()
            area = db.get_or_404(Area, area_id)
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"Area renamed from {old} to {area.name}", "success")
            return redirect(url_for("coordinator.area_list"))
    return render_template("coordinator/area_form.html", form=form, area=area)
