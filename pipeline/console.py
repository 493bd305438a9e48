"""What `veille run` shows on the terminal: its progress bar and the summary of a run (stderr)."""

from __future__ import annotations

from pathlib import Path


def plural(count: int, noun: str) -> str:
    """`1 document`, `2 documents`, `1,234 documents`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class RunProgress:
    """The progress bar of `veille run` on stderr: listing the corpus, then the documents with
    their total, rate and time left; loading the French model shows as a step of its own."""

    def __init__(self, console=None):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, \
            TimeRemainingColumn

        class Count(TextColumn):
            def render(self, task):
                if task.total is None:
                    return super().render(task)
                return f"{task.completed:,.0f}/{plural(int(task.total), 'document')}"

        class Rate(TextColumn):
            def render(self, task):
                speed = task.finished_speed or task.speed
                return super().render(task) if speed is None else f"{speed:,.1f} documents/s"

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), Count(""), BarColumn(),
                                 Rate(""), TimeRemainingColumn(), TimeElapsedColumn(),
                                 console=console or Console(stderr=True), transient=True)
        self.task = self.progress.add_task("listing the corpus", total=None)
        self.loading = False

    def __enter__(self) -> "RunProgress":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def listed(self, total: int) -> None:
        self.progress.update(self.task, description="", total=total)

    def loading_model(self) -> None:
        self.loading = True
        self.progress.update(self.task, description="loading the French model…")

    def advance(self) -> None:
        if self.loading:
            self.loading = False
            self.progress.update(self.task, description="")
        self.progress.advance(self.task)


def print_summary(summary, output: Path, seconds: float) -> None:
    """The run in a few rows; `elapsed` is the whole command, the model's loading shown apart."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"veille: tables written to {output}", show_header=False)
    statuses = summary.statuses
    table.add_row("documents", f"{sum(statuses.values()):,} (ok {statuses['ok']:,}, empty {statuses['empty']:,}, "
                  f"error {statuses['error']:,}, duplicate {statuses['duplicate']:,})")
    table.add_row("paragraphs", f"{summary.paragraphs:,} ({plural(summary.repeats, 'repeat')})")
    table.add_row("run", f"{summary.mode}: {plural(summary.reused, 'document')} reused, {summary.processed:,} "
                  f"processed ({summary.parsed:,} parsed)")
    for name in ("actors", "mentions", "quotes", "claims", "dates"):
        table.add_row(name, f"{summary.counts.get(name, 0):,}")
    loading = f" (loading the model {summary.model_seconds:.1f} s)" if summary.model_seconds else ""
    table.add_row("elapsed", f"{seconds:.1f} s{loading}")
    Console(stderr=True).print(table)
