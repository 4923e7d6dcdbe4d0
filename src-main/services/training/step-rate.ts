/** Steps per second over the last few seconds: (newest step − oldest kept) / (their time apart). */
export class StepRate {
  private readonly samples: { step: number; ms: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  add(step: number, ms: number): void {
    this.samples.push({ step, ms });
    // Keep one sample at or before the window's start, so the span covers the whole window.
    while (this.samples.length > 2 && this.samples[1]!.ms <= ms - this.windowMs) this.samples.shift();
  }

  perSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.ms <= first.ms) return null;
    return ((last.step - first.step) * 1000) / (last.ms - first.ms);
  }
}
