"""Coordinators: schools. Search, add, edit, import and export the CSV."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from booking.coordinator import bp
from booking.coordinator.forms import ImportForm, SchoolForm
from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.models import School
from booking.services import areas, schools


@bp.route("/schools")
def school_list():
    search = request.args.get("q", "").strip()[:100]
    return render_template(
        "coordinator/schools.html", found=schools.search_schools(search), search=search
    )


def _values(form: SchoolForm) -> dict[str, str]:
    return {column: getattr(form, column).data or "" for column in schools.CSV_COLUMNS}


def _save(form: SchoolForm, school: School | None):
    try:
        saved = schools.save_school(
            _values(form), school, staff_only=form.domains_staff_only.data == "yes"
        )
    except RuleBroken as error:
        apply_rule_error(form, error)
        return None
    db.session.commit()
    flash(f"{saved.name} saved", "success")
    return redirect(url_for("coordinator.school_list", q=saved.urn))


def _school_form(**kwargs) -> SchoolForm:
    form = SchoolForm(**kwargs)
    form.area.choices = choices(
        [("", "Select an area")] + [(name, name) for name in areas.area_names()]
    )
    return form


@bp.route("/schools/new", methods=["GET", "POST"])
def school_new():
    form = _school_form()
    if form.validate_on_submit() and (done := _save(form, None)):
        return done
    return render_template("coordinator/school_form.html", form=form, school=None)


@bp.route("/schools/<int:school_id>", methods=["GET", "POST"])
def school_edit(school_id: int):
    school = db.get_or_404(School, school_id)
    form = _school_form(obj=school)
    if form.validate_on_submit() and (done := _save(form, school)):
        return done
    return render_template("coordinator/school_form.html", form=form, school=school)


@bp.route("/schools/import", methods=["GET", "POST"])
def school_import():
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        # Uploads larger than MAX_CONTENT_LENGTH never get here: the 413 page explains.
        try:
            text = form.file.data.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        if text is None:
            form.file.errors.append("The file must be a CSV saved as UTF-8")
        else:
            result = schools.import_csv(text)
            if result.ok:
                db.session.commit()
                flash(
                    f"Schools imported: {result.created} added, {result.updated} updated",
                    "success",
                )
                return redirect(url_for("coordinator.school_list"))
            db.session.rollback()
            problems = result.problems
            form.file.errors.append("The file has problems: no schools were imported")
    return render_template(
        "coordinator/school_import.html",
        form=form,
        problems=problems,
        columns=",".join(schools.CSV_COLUMNS),
        staff_only_column=schools.STAFF_ONLY_COLUMN,
    )


@bp.route("/schools.csv")
def school_export():
    return Response(
        schools.export_csv().encode("utf-8"),
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="schools.csv"',
        },
    )
