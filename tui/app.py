"""The Textual app: five modes, global keys, polling, themes, command palette.

Screens reach the app through ``tui.host.Host`` (this class implements it);
the app's watcher (``tui.watcher``) notices writes and the new day, and the
app passes its messages (``tui.messages``) on to the screens of the current
mode, which read their data again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from .core.text import visible, visible_lines
from .heap import Collector
from .messages import DataChanged, DayChanged
from .store.errors import SecondHeartError
from .store.service import Tracker
from .watcher import Watcher

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.widget import AwaitMount

    from .screens.reminder_alerts import ReminderAlerts
    from .screens.timer_alerts import TimerAlerts
    from .store.stats import StreakStatsCache
    from .store.timers import Timed

Command = tuple[str, str, Callable[[], object]]  # title, help text, what it runs

MODE_TITLES = {
    "today": "Today",
    "streaks": "Streaks",
    "timer": "Timer",
    "guide": "Guide",
    "journal": "Journal",
}
MIN_WIDTH, MIN_HEIGHT = 50, 16
PREWARM_AFTER = (
    0.5  # seconds after start-up before Peewee and the streak cache load (in idle slices)
)
PROBLEM_TIMEOUT = 24 * 3600.0  # a damaged or vanished file: the toast stays until clicked
PREBUILD_WAIT = 2.0  # seconds quitting waits, at most, for a screen being built ahead
COLLECT_AFTER = 0.002  # seconds after a frame before its sync and collection (the text goes first)


def _styled(screen: Screen) -> Screen:
    """A new mode's screen, marked as styled when the app's stylesheet is current.

    Textual parses the whole stylesheet again (its own widgets' CSS included,
    a quarter of a second on a slow machine) whenever it shows a screen whose
    style count lags the app's. A new screen always lags, though its widgets
    are styled from the current stylesheet as they mount, and every screen's
    CSS is read before it shows (``add_later_css``). So a screen made while the
    stylesheet is current is marked current; the first screen, and any made
    between a theme change and its restyle, still get Textual's full pass.
    """
    from textual._context import active_app

    app = active_app.get()
    if isinstance(app, SecondHeartApp) and app.css_current:
        screen._css_update_count = app._css_update_count
    return screen


def _today_screen() -> Screen:
    from .screens.today import TodayScreen

    return _styled(TodayScreen())


def _streaks_screen() -> Screen:
    from .screens.streaks import StreaksScreen

    return _styled(StreaksScreen())


def _timer_screen() -> Screen:
    from .screens.timer import TimerScreen

    return _styled(TimerScreen())


def _guide_screen() -> Screen:
    from .screens.guide import GuideScreen

    return _styled(GuideScreen())


def _journal_screen() -> Screen:
    from .screens.journal import JournalScreen

    return _styled(JournalScreen())


def _days_ago(today: dt.date, day: dt.date) -> str:
    back = (today - day).days
    return "Today" if back == 0 else "Yesterday" if back == 1 else f"{back:,} days ago"


class SecondHeartCommands(Provider):
    """Palette: jump to an exercise, open a day, switch screen, choose a theme."""

    def _commands(self) -> list[Command]:
        app = cast(SecondHeartApp, self.app)
        commands: list[Command] = []
        for mode, title in MODE_TITLES.items():
            commands.append(
                (f"Go to {title}", f"Switch to the {title} screen", partial(app.switch_mode, mode))
            )
        for exercise in app.tracker.exercises():
            commands.append(
                (
                    f"Exercise: {exercise.name}",
                    "Show it on Today",
                    partial(app.open_day, app.shown_day, exercise.id),
                )
            )
        today = app.tracker.today()
        for back in range(0, 8):
            day = today - dt.timedelta(days=back)
            commands.append(
                (f"Open day: {day:%a %d %b %Y}", _days_ago(today, day), partial(app.open_day, day))
            )
        commands.append(
            ("Warning signs", "The signs that need a doctor, first (!)", app.action_warning_signs)
        )
        commands.append(
            ("Disclaimer", "The About page of the guide", partial(app.open_guide, "about"))
        )
        commands.extend(app.extra_commands())
        return commands

    def _typed_day(self, query: str) -> Hit | None:
        """Any day typed as a date or in words ('15 nov', 'last monday'), first in the list."""
        from .core.dates import typed_day

        app = cast(SecondHeartApp, self.app)
        today = app.tracker.today()
        day = typed_day(query, today)
        if day is None:
            return None
        shown = f"{day:%a %d %b %Y}"
        if day > today:
            words = f"{shown} is in the future: nothing to tick off yet"
            return Hit(1.0, words, partial(app.notify, words, timeout=3), text=words)
        return Hit(
            1.0,
            f"Open day: {shown}",
            partial(app.open_day, day),
            text=f"Open day: {shown}",
            help=_days_ago(today, day),
        )

    async def discover(self) -> Hits:
        from .widgets.plain import plain

        for title, help_text, callback in self._commands():
            if title.startswith(("Go to ", "Exercise:", "Warning signs", "Disclaimer")):
                yield DiscoveryHit(plain(title), callback, text=visible(title), help=help_text)

    async def search(self, query: str) -> Hits:
        from .widgets.plain import highlight

        day_hit = self._typed_day(query)
        if day_hit is not None:
            yield day_hit
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            if day_hit is not None and title == day_hit.text:
                continue  # the typed day is already first in the list
            shown = visible(title)  # names are the user's text: never markup, never controls
            score = matcher.match(shown)
            if score > 0:
                yield Hit(score, highlight(matcher, shown), callback, text=shown, help=help_text)


class SecondHeartApp(App):
    """Second Heart: keep the legs moving, one day at a time."""

    TITLE = "Second Heart"
    _themes_loaded = False  # until ``_load_themes``: see ``get_css_variables``
    # The first frame's CSS is read at start-up; the other screens' and the
    # dialogs' once it is out (``add_later_css``), before any of them shows.
    # A screen whose file the stylesheet lacks makes Textual parse the whole
    # stylesheet again (its own defaults included) when first shown: about
    # half a second on a slow machine, felt as the first `2` or `?`.
    CSS_PATH = ["app.tcss"]
    LATER_CSS = (
        "screens/streaks.tcss",
        "screens/timer.tcss",
        "screens/guide.tcss",
        "screens/journal.tcss",
        "dialogs/dialogs.tcss",
    )
    MODES = {
        "today": _today_screen,
        "streaks": _streaks_screen,
        "timer": _timer_screen,
        "guide": _guide_screen,
        "journal": _journal_screen,
    }
    DEFAULT_MODE = "today"
    COMMANDS = App.COMMANDS | {SecondHeartCommands}
    BINDINGS = [
        Binding("1", "switch_mode('today')", "Today", show=False),
        Binding("2", "switch_mode('streaks')", "Streaks", show=False),
        Binding("3", "switch_mode('timer')", "Timer", show=False),
        Binding("4", "switch_mode('guide')", "Guide", show=False),
        Binding("5", "switch_mode('journal')", "Journal", show=False),
        Binding("e", "start_elevation", "Start a leg-elevation session", show=False),
        Binding("m", "reminders", "Reminders: done, snooze, dismiss", show=False),
        Binding("exclamation_mark", "warning_signs", "Warning signs", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, tracker: Tracker, poll_seconds: float = 1.0) -> None:
        super().__init__()
        self.tracker = tracker
        self.poll_seconds = poll_seconds
        self.shown_day: dt.date = tracker.today()
        self.streak_stats: StreakStatsCache | None = None  # filled by the Streaks screen
        self._prebuilding: AwaitMount | None = None  # a screen being built ahead (prebuild)
        self.heap = Collector()  # when garbage is collected: between frames, at rest
        self._collecting = False  # a collection is due just after the frame sent
        self._css_restyled_at = -1  # the style count when the stylesheet was last restyled
        self._later_css_added = False  # LATER_CSS is in the stylesheet
        self._theme_problems: list[str] = []
        self._load_themes()
        self._timer_alerts: TimerAlerts | None = None
        self._reminder_alerts: ReminderAlerts | None = None
        # Record sessions that ran out while no app was open, before the first frame.
        self._settled_at_start: list[Timed] = []
        if tracker.has_active_session():
            from .store.timers import settle_due

            self._settled_at_start = settle_due(tracker)
        self.watcher = Watcher(tracker, self)
        self._file_problem: str | None = None  # the file was deleted or replaced: said once
        self._read_problem: str | None = None  # the last read failure shown, said once
        self.damage: str | None = None  # what the daily check found; writes are refused
        # The day's damage check has run: reminders claim (write) only after it.
        self.file_checked = False

    @property
    def timer_alerts(self) -> TimerAlerts:
        """Announces finished sessions; built on first use, after the first frame."""
        if self._timer_alerts is None:
            from .screens.timer_alerts import TimerAlerts

            self._timer_alerts = TimerAlerts(self, startup=self._settled_at_start)
        return self._timer_alerts

    @property
    def reminder_alerts(self) -> ReminderAlerts:
        """Delivers reminders and movement breaks; built on first use, after the first frame."""
        if self._reminder_alerts is None:
            from .screens.reminder_alerts import ReminderAlerts

            self._reminder_alerts = ReminderAlerts(self)
        return self._reminder_alerts

    # ------------------------------------------------------------ styles
    @property
    def css_current(self) -> bool:
        """Whether the stylesheet holds the current theme (restyled since it last changed)."""
        return self._css_restyled_at == self._css_update_count

    def refresh_css(self, animate: bool = True) -> None:
        """Textual's restyle, which reaches every screen the app holds; mark them all so.

        Textual marks only the screen on show (and only once mounted), so each
        later switch to another screen, or back, would parse the whole
        stylesheet again: about 100 ms a switch.
        """
        super().refresh_css(animate)
        for screen in self.children:
            if isinstance(screen, Screen):
                screen._css_update_count = self._css_update_count
        self._css_restyled_at = self._css_update_count

    def add_later_css(self) -> None:
        """Add the CSS the first frame does not need (``LATER_CSS``), once.

        Only the new files are parsed: the stylesheet keeps the rules it has
        parsed with the current theme (a theme change drops them, and then all
        are parsed), as when a widget brings its default CSS. Nothing shown
        yet uses these rules (they name the other screens and the dialogs),
        so nothing on screen is restyled.
        """
        if self._later_css_added:
            return
        self._later_css_added = True
        folder = Path(__file__).parent
        for name in self.LATER_CSS:
            self.stylesheet.read(folder / name)
        self.stylesheet.parse()

    def _load_screen_css(self, screen: Screen) -> None:
        """Textual's step for a screen about to show; the later CSS first, if the
        screen names CSS files of its own (every screen but Today, whose rules
        are in ``app.tcss``, and Textual's own such as the command palette).

        A screen shown before the warm-up (the welcome dialog, an early key)
        reads it here. Textual styles the screen again as it resumes, so the
        screen wears the new rules from its first frame.
        """
        if screen.css_path:
            self.add_later_css()
        super()._load_screen_css(screen)

    # ------------------------------------------------------------ themes
    def _load_themes(self) -> None:
        from .themes import DEFAULT_THEME, bundled_and_user_themes

        themes, problems = bundled_and_user_themes()
        for theme in themes:
            self.register_theme(theme)
        self._theme_problems = [str(p) for p in problems]
        self._themes_loaded = True
        wanted = self.tracker.setting("theme")
        name = wanted if wanted in self.available_themes else DEFAULT_THEME
        # Before the first frame, set the theme without its watcher: the
        # stylesheet is not parsed yet, so re-parsing it (twice) would be waste.
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        stale = {c: False for c in self.classes if c.startswith("-theme-")}
        self.update_classes(
            {**stale, f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark},
            update=False,
        )
        # The stylesheet is first parsed with this theme's variables, so the
        # first screen needs no second, full parse (see ``_styled``).
        self.stylesheet.set_variables(self.get_css_variables())
        self._css_restyled_at = self._css_update_count

    def get_css_variables(self) -> dict[str, str]:
        """Textual's, once the app's themes are loaded.

        Textual's own ``__init__`` asks first, for its default theme, which
        ``_load_themes`` replaces before anything is parsed: that answer is
        left empty rather than built (a colour system, 2 to 4 ms of the start).
        """
        if not self._themes_loaded:
            return {}
        return super().get_css_variables()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        from .themes import app_variable_defaults

        return app_variable_defaults(self.current_theme.dark)

    def _remember_theme(self, theme) -> None:
        """Keep the chosen theme (palette, with live preview) for the next start."""
        if self.tracker.setting("theme") != theme.name:
            self.tracker.set_setting("theme", theme.name)

    # ------------------------------------------------------------ lifecycle
    def on_mount(self) -> None:
        # A commit is synced to the disk once its frame is out (``_display``), or
        # at the next poll when it draws nothing: not in the middle of the key.
        self.tracker.db.hold_syncs()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.update_title()
        self.set_interval(self.poll_seconds, self.poll)
        if self._theme_problems:
            self.notify(
                "Skipped broken theme files:\n" + "\n".join(self._theme_problems),
                title="Themes",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.after_start()
        self.check_size(self.size.width, self.size.height)
        self.call_after_refresh(self.heap.start)
        # The day's damage check and backup: after the first frame, off the UI thread.
        self.call_after_refresh(self._start_daily_backup)

    def on_unmount(self) -> None:
        self.heap.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.heap.key()
        await super().on_event(event)

    def _display(self, screen: Screen, renderable: object) -> None:
        """Textual's frame, then the work it would have held up: the sync of what the
        key committed, and the collection Python would have made inside the frame
        (``tui.heap``). Both run a moment later, so the frame's text goes out first."""
        super()._display(screen, renderable)  # type: ignore[arg-type]
        if renderable is None or self._collecting:
            return
        if self.tracker.db.unsynced or self.heap.due():
            self._collecting = True
            asyncio.get_running_loop().call_later(COLLECT_AFTER, self._collect_after_frame)

    def _collect_after_frame(self) -> None:
        self._collecting = False
        self.tracker.db.sync_soon()
        self.heap.after_frame()

    def after_start(self) -> None:
        """The first-run dialog now; the streak cache is warmed once the app is idle."""
        self.set_timer(PREWARM_AFTER, self._prewarm)
        if self.tracker.setting("welcome-seen") == "no":
            from .dialogs.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def _prewarm(self) -> None:
        """Load now, while idle, what later keys need: Peewee's models and the streaks,
        then the Streaks screen itself."""
        from .screens.streaks import prewarm
        from .store import models  # noqa: F401 - timers and exercise edits use them

        self.add_later_css()
        prewarm(self, then=partial(self.prebuild, "streaks"))

    def prebuild(self, mode: str) -> None:
        """Compose a mode's screen while the app is idle, so its first visit only shows it.

        What ``switch_mode`` does for a mode not shown yet, short of showing it:
        the screen is made, mounted and kept as the mode's stack, and the first
        switch to the mode finds it there. Composing the Streaks screen (26
        widgets styled and mounted) was 60 to 100 ms of CPU of its first ``2``.
        """
        if mode in self._screen_stacks or not self.is_running or self.return_code is not None:
            return  # shown already, or the app is closing
        self._prebuilding = self._init_mode(mode)
        # What the warm-up made (the statistics, this screen) lives as long as
        # the app: the next rest freezes it (see ``tui.heap``).
        self.heap.grew()

    async def _shutdown(self) -> None:
        """Textual's shutdown, once a screen being built ahead (see ``prebuild``) is mounted.

        Textual closes a screen caught half-composed without mounting the rest
        of its widgets, and their ``on_mount`` (Textual's Header's among them)
        then fails: quitting in the moment the warm-up builds Streaks would end
        in an error.
        """
        building, self._prebuilding = self._prebuilding, None
        if building is not None:
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(building(), PREBUILD_WAIT)
        await super()._shutdown()

    def extra_commands(self) -> list[Command]:
        """Commands that later features add to the palette."""
        from .screens.import_commands import import_commands
        from .screens.timer_commands import timer_commands

        try:
            return timer_commands(self) + import_commands(self)
        except SecondHeartError as exc:
            self.report(exc)
            return []

    def poll(self) -> None:
        """Every poll: sync a commit that drew no frame, record finished timers, look
        for changes, redraw the header, tidy the heap if the user rests."""
        self.tracker.db.sync_soon()  # a commit that drew no frame
        if not self._screen_stacks.get(self._current_mode):
            return  # closing down: the screens are already gone
        self.timer_alerts.tick()
        self.reminder_alerts.tick()
        self.notice_changes()
        self.update_title()
        self.heap.at_rest()

    def notice_changes(self) -> None:
        """Let the watcher look now: it posts DataChanged / DayChanged if anything moved.

        A file deleted or replaced under the app, or one that cannot be read,
        is said once (not at every poll); writes stop for a file that is gone.
        """
        if self._file_problem is None:
            problem = self.watcher.file_problem()
            if problem is not None:
                self._file_problem = problem
                self.tracker.db.refuse_writes(problem)
                self.notify(problem, severity="error", timeout=PROBLEM_TIMEOUT, markup=False)
        try:
            self.watcher.check()
        except SecondHeartError as exc:  # the file vanished or became unreadable
            message = f"Cannot read the database: {exc}"
            if message != self._read_problem:
                self._read_problem = message
                self.notify(message, severity="error", timeout=6, markup=False)
        else:
            self._read_problem = None

    @on(DayChanged)
    def _day_changed(self, message: DayChanged) -> None:
        if self.shown_day == message.previous:
            self.shown_day = message.today
        self._start_daily_backup()
        self._pass_on(message)

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        if self._reminder_alerts is not None:
            self._reminder_alerts.notice_ticks()
        self._pass_on(message)

    def _pass_on(self, message: DataChanged | DayChanged) -> None:
        """Redraw the header; hand the screens of the current mode their own copy."""
        self.update_title()
        for screen in self.screen_stack:
            screen.post_message(message.copy())

    def settle_timers(self) -> None:
        self.timer_alerts.settle()

    def on_resize(self, event) -> None:
        self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int, height: int) -> None:
        """Cover the app with a short message while the pane is too small."""
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        top = self.screen
        if not small and type(top).__name__ != "TooSmallScreen":
            return  # the usual case: nothing to import, nothing to do
        from .dialogs.too_small import TooSmallScreen

        if small and not isinstance(top, TooSmallScreen):
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif small:
            top.show_size(width, height)
        elif isinstance(top, TooSmallScreen):
            self.pop_screen()

    def _fatal_error(self) -> None:
        """Log an unexpected error to a file and leave a short message, not a traceback."""
        import traceback

        from .paths import log_path

        error = self._exception
        path = log_path(self.tracker.path)
        try:
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
                log.write("".join(traceback.format_exception(error)))
            where = f"details are in {path}"
        except OSError:
            where = "the details could not be written to a log file"
        self.bell()
        self._return_code = 1  # secondheart exits 1 after an unexpected error
        self._exit_renderables.append(
            f"secondheart: unexpected error ({type(error).__name__}: {error}); {where}. "
            "Every change you made before it was already saved."
        )
        self._close_messages_no_wait()

    def _start_daily_backup(self) -> None:
        self.run_worker(self._daily_backup, thread=True, exclusive=True, group="backup")

    def _daily_backup(self) -> None:
        """In a worker thread: the day's quick_check and backup (done once a day)."""
        from .store.backups import daily_backup

        try:
            result = daily_backup(self.tracker.path, self.tracker.today())
        except (SecondHeartError, OSError):
            self.file_checked = True
            return  # a missed backup never stops the app; the next start tries again
        if result.damage is not None:
            self.call_from_thread(self.show_damage, result.damage)
        self.file_checked = True

    def show_damage(self, damage: str) -> None:
        """A damaged file: refuse every write from now on and say so until the user acts."""
        self.damage = damage
        self.tracker.db.refuse_writes(damage)
        self.update_title()
        self.notify(
            damage,
            title="Database damaged",
            severity="error",
            timeout=PROBLEM_TIMEOUT,
            markup=False,
        )

    def update_title(self) -> None:
        extra = self.header_extra()
        # A narrow pane drops the weekday and year so a running countdown still fits.
        day = "%d %b" if extra and self.size.width < 70 else "%a %d %b %Y"
        warning = "⚠ DAMAGED, read-only · " if self.damage else ""
        self.sub_title = visible(f"{warning}{self.shown_day:{day}}{extra}")

    def header_extra(self) -> str:
        """The running countdown, on every screen: ' · ⏱ 8:12 Leg elevation'."""
        try:
            if not self.tracker.has_active_session():
                return ""
            from .store.timers import summary

            text = summary(self.tracker, with_name=self.size.width >= 80)
        except SecondHeartError:  # never let a bad read break the header
            return ""
        return f" · {text}" if text else ""

    # ------------------------------------------------------------ actions
    def open_day(self, day: dt.date, exercise_id: int | None = None) -> None:
        """Show ``day`` on Today (optionally with the cursor on an exercise)."""
        from .screens.today import TodayScreen

        self.shown_day = min(day, self.tracker.today())
        self.switch_mode("today")
        screen = self.screen
        if isinstance(screen, TodayScreen):
            screen.show_day(self.shown_day, exercise_id)
        self.update_title()

    def open_guide(self, slug: str) -> None:
        """Show the guide page ``slug`` on the Guide screen."""
        from .screens.guide import GuideScreen

        self.switch_mode("guide")
        screen = self.screen
        if isinstance(screen, GuideScreen):
            screen.open_page(slug)

    def action_start_elevation(self) -> None:
        """Start a leg-elevation session from any screen."""
        from .screens.timer_commands import start_session

        start_session(self)

    def action_reminders(self) -> None:
        """The reminders waiting now, to answer: done, snooze 10 minutes, dismiss for today."""
        from .dialogs.reminders import RemindersScreen

        if isinstance(self.screen, RemindersScreen):
            return
        try:
            items = self.reminder_alerts.waiting()
        except SecondHeartError as exc:
            self.report(exc)
            return
        if not items:
            self.notify("No reminders waiting.", timeout=3)
            return
        self.push_screen(RemindersScreen(items, self.reminder_alerts.answered))

    def action_warning_signs(self) -> None:
        """The warning signs, over the screen the user is on."""
        from .dialogs.warning_signs import WarningSignsScreen

        if not isinstance(self.screen, WarningSignsScreen):
            self.push_screen(WarningSignsScreen())

    def action_help(self) -> None:
        """The keys of the screen the user is on, and the app's."""
        from .dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def report(self, exc: Exception) -> None:
        """Show a user-facing error as a toast."""
        message = str(exc) if isinstance(exc, SecondHeartError) else f"Unexpected error: {exc}"
        self.notify(message, severity="error", timeout=6, markup=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast; whatever it quotes never sends a control character to the terminal.

        Every toast passes here (``Widget.notify`` calls the app's), so a name
        or a message quoting input shows its ESC or BEL as ``\\x1b``/``\\x07``.
        Callers that quote user text pass ``markup=False``.
        """
        super().notify(
            visible_lines(message),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )
