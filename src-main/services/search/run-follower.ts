/**
 * Follows runs of the training service one event at a time: each run's epoch reports in order,
 * then its end. A run is followed from the summary its start returned: its worker's messages
 * arrive on later turns of the event loop than that answer, so no epoch slips past before
 * following begins; other runs' events (a search's trials, the app's runs) are not kept.
 */
import { endedRunStates, type RunSummary, type TrainingProgress } from '@shared/api';
import type { ArenaTraining } from './arena-training';

export type RunEvent = { kind: 'epoch'; report: TrainingProgress } | { kind: 'ended'; run: RunSummary };

interface Mailbox {
  events: RunEvent[];
  wake: (() => void) | null;
  ended: boolean;
}

export class RunFollower {
  private readonly boxes = new Map<string, Mailbox>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(training: Pick<ArenaTraining, 'observe'>) {
    this.unsubscribe = training.observe({
      onProgress: (event) => {
        for (const report of event.reports) if (report.kind === 'epoch') this.put(event.runId, { kind: 'epoch', report });
      },
      onState: (run) => {
        if (endedRunStates.includes(run.state)) this.put(run.runId, { kind: 'ended', run });
      },
    });
  }

  /** The run's epoch reports and then its end; `started` is what its start (or rollback) answered. */
  async *events(started: RunSummary): AsyncGenerator<RunEvent> {
    const { runId } = started;
    const box: Mailbox = { events: [], wake: null, ended: false };
    this.boxes.set(runId, box);
    if (endedRunStates.includes(started.state)) this.put(runId, { kind: 'ended', run: started });
    try {
      while (!this.closed) {
        const event = box.events.shift();
        if (event) {
          yield event;
          if (event.kind === 'ended') return;
          continue;
        }
        await new Promise<void>((resolve) => (box.wake = resolve));
      }
    } finally {
      this.boxes.delete(runId);
    }
  }

  /** Stops observing; a run still followed ends its events without an end. */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const box of this.boxes.values()) box.wake?.();
    this.boxes.clear();
  }

  private put(runId: string, event: RunEvent): void {
    const box = this.boxes.get(runId);
    // A run's end counts once: a summary sent again after it is not a second end.
    if (!box || box.ended) return;
    if (event.kind === 'ended') box.ended = true;
    box.events.push(event);
    const wake = box.wake;
    box.wake = null;
    wake?.();
  }
}
