"""Quick "New room..." and "New assessor..." dialogs, used where rooms and assessors are picked."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox

from readiness_app.ui.dialogs.base import EditDialog
from readiness_app.ui.widgets import combo


class NewRoomDialog(EditDialog):
    """Add a room; `saved_result` is its id."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "New room", parent)
        self.name = QLineEdit()
        self.name.setAccessibleName("Room name")
        self.location = QLineEdit()
        self.location.setAccessibleName("Building and floor")
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 500)
        self.capacity.setSpecialValueText("not known")
        self.capacity.setAccessibleName("Capacity")
        self.virtual = QCheckBox("Virtual (online) room")
        self.virtual.setAccessibleDescription("Virtual room")
        self.link = QLineEdit()
        self.link.setAccessibleName("Meeting link")
        self.link.setPlaceholderText("https://...")
        self.form.addRow("&Name", self.name)
        self.form.addRow("&Building and floor", self.location)
        self.form.addRow("&Capacity", self.capacity)
        self.form.addRow(self.virtual)
        self.form.addRow("Meeting &link", self.link)

    def change(self):
        from readiness_app.register import rooms

        values = {
            "location": self.location.text(),
            "capacity": self.capacity.value() or None,
            "virtual": self.virtual.isChecked() or bool(self.link.text().strip()),
            "link": rooms.check_link(self.link.text()),
        }
        name = self.name.text()
        return lambda reg: rooms.add(reg, name, **values)


class NewAssessorDialog(EditDialog):
    """Add a member of the CQC team; `saved_result` is their id."""

    def __init__(self, ctx, parent=None):
        from readiness_app.register.cqc_team import ASSESSOR_ROLE

        super().__init__(ctx, "New assessor", parent)
        self.name = QLineEdit()
        self.name.setAccessibleName("Assessor's name")
        self.role = combo((("", "(not known yet)"), *ASSESSOR_ROLE.items()), "Role")
        self.organisation = QLineEdit("CQC")
        self.organisation.setAccessibleName("Organisation")
        self.form.addRow("&Name", self.name)
        self.form.addRow("&Role", self.role)
        self.form.addRow("&Organisation", self.organisation)

    def change(self):
        from readiness_app.register import cqc_team

        name, role, organisation = self.name.text(), self.role.currentData(), self.organisation.text()
        return lambda reg: cqc_team.add(reg, name, role=role, organisation=organisation)
