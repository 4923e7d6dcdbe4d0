/**
 * Redraws at most once per animation frame: any number of `request()` calls between two frames
 * become one `draw()` in the next frame. The frame source is injected so tests drive it by hand.
 */

export interface FrameSource {
  request(callback: (time: number) => void): number;
  cancel(handle: number): void;
}

export const browserFrames: FrameSource = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export class FrameScheduler {
  #handle: number | null = null;
  #disposed = false;

  constructor(
    private readonly draw: () => void,
    private readonly frames: FrameSource = browserFrames,
  ) {}

  /** Asks for a redraw in the next frame (once, however often it is asked). */
  request(): void {
    if (this.#handle !== null || this.#disposed) return;
    this.#handle = this.frames.request(() => {
      this.#handle = null;
      this.draw();
    });
  }

  get pending(): boolean {
    return this.#handle !== null;
  }

  /** Cancels a pending frame and refuses later requests (the component is gone). */
  dispose(): void {
    this.#disposed = true;
    if (this.#handle !== null) this.frames.cancel(this.#handle);
    this.#handle = null;
  }
}
