"""Posting the Wagtail page editor's form the way a browser does, for tests over real admin views."""

from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


def page_form_data(response, page_model, form_id):
    """The editor's form as rendered, plus what its JavaScript would add.

    StreamFields and the comments formset are built by JavaScript in the browser; for the
    pages these tests edit (no StreamField content) that is an empty stream and no comments."""
    data = querydict_from_html(response.content.decode(), form_id=form_id)
    for field in page_model._meta.get_fields():
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}.items():
        data.setdefault(f"comments-{key}", value)
    return data


def edit_data(client, page, **changes):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200, response.status_code
    data = page_form_data(response, type(page), "page-edit-form")
    for key, value in changes.items():
        data[key] = value
    return data


def create_data(client, model, parent, **values):
    url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = page_form_data(response, model, "page-edit-form")
    for key, value in values.items():
        data[key] = value
    return url, data
