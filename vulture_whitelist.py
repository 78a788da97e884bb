"""Names the service uses where vulture cannot see it, each reviewed by hand.

`make lint` runs vulture over booking/ with the tests left out, so code that only a test calls
is reported as dead. What is read outside Python — by templates, by Flask, Jinja, WTForms or
Flask-Login under their own attribute names, by the database — is listed here with the reason.
Add a name only after checking who reads it. The file is read by vulture, never imported.
"""

_ = object  # stands for any object: vulture counts each attribute name below as used

# Entry points
_.create_app  # `flask --app booking` finds it; wsgi.py calls it

# Read by Flask, Jinja, WTForms and Flask-Login under their own names
_.jinja_loader  # Flask: where templates are found
_.trim_blocks  # Jinja settings
_.lstrip_blocks
_.login_view  # Flask-Login settings
_.login_message
_.login_message_category
_.session_protection
_.permanent  # Flask: the login session's cookie outlives the browser window
_.process_formdata  # WTForms calls it on every field with the submitted values
_.raw_data  # WTForms shows a field's submitted text back from it
_.Meta  # WTForms form options (no CSRF on the filter forms read from the address)

# Read by the tests that walk every route
_.access_rule  # who may use a route; tests fail on any route without one

# Read by templates
_.csp_nonce  # the nonce of the page's inline script (base.html)
_.tag_colour  # a status's tag (macros/ui.html)
_.age_groups_label  # topics on the home, topic and coordinator's topics pages
_.has_previous  # pagination (macros/ui.html)
_.has_next
_.capped
_.by_topic  # the feedback report (coordinator/feedback.html)
_.by_officer
_.bank_holiday  # closures page: a bank holiday or the force's own closure
_.who  # a request's history (macros/ui.html)
_.confirm_password  # form fields and buttons the templates render by name
_.apply
_.save
_.upload
_.create
_.first_start
_.first_finish
_.second_day
_.second_start
_.second_finish
_.third_day
_.third_start
_.third_finish
_.last_error  # why an e-mail is not sent yet (coordinator/failed_emails.html)

# Kept in the database: read by its constraints, or kept for the record
_.busy_from  # a session's time with the travel buffer: the no-double-booking constraint
_.busy_until
_.created_by_id  # who added a closure, for the record
_.sent_at  # when an e-mail went, for the record
_.ALL_THROUGH  # school phases a CSV import may name
_.SPECIAL

# The life cycle
_.allowed_actions  # the life-cycle table's answer for a request's page; tests ask it

# Read by templates: the accessibility statement's parts (public/accessibility.html)
_.advice_name
_.advice_url
_.compliance_words
_.known_issues
_.reply_days
_.enforcement
_.prepared_on
_.reviewed_on
_.tested_on
_.tested_by
_.give  # the button of the form that gives a leaving officer's session to another
