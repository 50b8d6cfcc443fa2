#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""a11y-walk.py PID: walks the AT-SPI tree of the application with process id PID, as a
screen reader sees it, and prints each control a user operates (buttons, toggles, menu
buttons, entries, password entries, spin buttons, drop-downs, check boxes, radio buttons,
switches) that has no accessible name:

    UNNAMED<TAB>role<TAB>path

then, last, CHECKED<TAB>n (how many such controls it looked at). Only what is showing is
walked (the visible page of a stack, not the hidden ones). GTK 4.8 gives a control with no
label, labelled-by relation or accessible label the name of its widget type (an icon-only
button is "GtkImage", a drop-down "GtkDropDown"): that is no name, and neither is an empty
one. A tooltip is only the description.

Exit status 0 when the walk ran (whatever it found), 2 when the application never showed up
on the accessibility bus, 3 on an AT-SPI error."""

import os
import re
import sys
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402

CHECKED_ROLES = {
    Atspi.Role.PUSH_BUTTON,
    Atspi.Role.TOGGLE_BUTTON,
    Atspi.Role.CHECK_BOX,
    Atspi.Role.RADIO_BUTTON,
    Atspi.Role.ENTRY,
    Atspi.Role.PASSWORD_TEXT,
    Atspi.Role.SPIN_BUTTON,
    Atspi.Role.COMBO_BOX,
    Atspi.Role.TEXT,            # GtkEntry / GtkText; only when editable (see below)
}
# The parts the toolkit builds inside a control and names after it (a drop-down's button and
# popover, a spin button's text): the control itself is what is checked. An entry row's
# buttons are walked: the app's suffixes and the show-password button (named by the app:
# libadwaita 1.2 leaves it unnamed). (A menu button's inner toggle is labelled by the menu
# button: skipped below.)
OPAQUE_ROLES = {Atspi.Role.COMBO_BOX, Atspi.Role.SPIN_BUTTON}
# libadwaita 1.2's own widgets whose buttons it leaves unnamed and the app cannot reach (a
# tab's close and indicator buttons in AdwTabBar).
LIBRARY_PARTS = {'AdwTab'}
# A widget type's name: what GTK 4.8 answers for a control that has no name.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Wcc)[A-Z][A-Za-z0-9]*$')


DEBUG = os.environ.get('A11Y_WALK_DEBUG') is not None


def unnamed(name):
    name = (name or '').strip()
    return name == '' or TYPE_NAME.match(name) is not None


def label(node):
    """How the path shows one node: its role and, when it has one, its name."""
    name = node.get_name() or ''
    return '%s "%s"' % (node.get_role_name(), name) if name else node.get_role_name()


def walk(node, path, parent_role, found, counter, depth=0):
    if depth > 60:
        return
    states = node.get_state_set()
    role = node.get_role()
    if DEBUG:
        print('%s%s %s' % ('  ' * depth, label(node), [s.value_nick for s in states.get_states()]),
              file=sys.stderr)
    if not states.contains(Atspi.StateType.VISIBLE):
        return
    # GTK 4.8 sets "showing" on windows only; what is not mapped (a closed revealer, a
    # collapsed row, a page not shown) has no size.
    if 'Component' in node.get_interfaces():
        extents = node.get_extents(Atspi.CoordType.WINDOW)
        if extents.width <= 0 and extents.height <= 0:
            return
    here = path + [label(node)]
    if role in CHECKED_ROLES:
        check = True
        if role == Atspi.Role.TEXT and not states.contains(Atspi.StateType.EDITABLE):
            check = False       # a read-only text view shows text, it takes none
        if role == Atspi.Role.PUSH_BUTTON and parent_role == Atspi.Role.PUSH_BUTTON:
            check = False       # a menu button's inner button, labelled by the menu button
        if check:
            counter[0] += 1
            if unnamed(node.get_name()):
                found.append((node.get_role_name(), ' > '.join(here)))
    if role in OPAQUE_ROLES or node.get_name() in LIBRARY_PARTS:
        return
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, here, role, found, counter, depth + 1)


def find_application(pid, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid and app.get_child_count() > 0:
                    return app
            except GLib.Error:
                pass
        time.sleep(0.2)
    return None


def main():
    pid = int(sys.argv[1])
    Atspi.set_timeout(10000, 20000)
    app = find_application(pid, 15)
    if app is None:
        print('the application (pid %d) is not on the accessibility bus' % pid, file=sys.stderr)
        return 2
    found = []
    counter = [0]
    try:
        for i in range(app.get_child_count()):
            window = app.get_child_at_index(i)
            if window is not None:
                walk(window, [], None, found, counter)
    except GLib.Error as error:
        print('AT-SPI: %s' % error.message, file=sys.stderr)
        return 3
    for role, path in found:
        print('UNNAMED\t%s\t%s' % (role, path))
    print('CHECKED\t%d' % counter[0])
    return 0


if __name__ == '__main__':
    sys.exit(main())
