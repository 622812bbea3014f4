import { SingleBar } from 'cli-progress';

/** What the renderer needs from an event, whether it came over graphql-ws or from the hub. */
export interface ProgressLike {
  kind: 'STATUS' | 'PROGRESS';
  status: string;
  epoch: number | null;
  iteration: number | null;
  loss: number | null;
  validationLoss: number | null;
  validationMae: number | null;
  samplesPerSecond: number | null;
  etaSeconds: number | null;
  message: string | null;
}

const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? '—' : x.toFixed(digits));

/**
 * A terminal progress bar for a training run: epochs on the bar, loss, validation loss and MAE,
 * throughput and ETA beside it; status changes as lines above. Without a TTY (CI, logs) it
 * prints one line per epoch instead of redrawing.
 */
export class TrainingProgressBar {
  private readonly bar: SingleBar;
  private started = false;
  private lastEpochPrinted = 0;

  constructor(
    private readonly epochs: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.bar = new SingleBar({
      stream: out,
      format:
        '  training |{bar}| epoch {value}/{total} · loss {loss} · val {val} · val MAE {mae} · {rate} samples/s · ETA {eta_s}s',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      noTTYOutput: false,
      etaBuffer: 20,
    });
  }

  update(e: ProgressLike): void {
    if (e.kind === 'STATUS') {
      this.line(`  ${e.status.toLowerCase()}${e.message ? `: ${e.message}` : ''}`);
      if (e.status !== 'QUEUED' && e.status !== 'RUNNING') this.stop();
      return;
    }
    const payload = {
      loss: fmt(e.loss, 5),
      val: fmt(e.validationLoss, 5),
      mae: fmt(e.validationMae),
      rate: Math.round(e.samplesPerSecond ?? 0),
      eta_s: Math.round(e.etaSeconds ?? 0),
    };
    const epoch = e.validationLoss === null ? Math.max(0, (e.epoch ?? 1) - 1) : (e.epoch ?? 0);
    if (!this.out.isTTY) {
      // Logs and CI: about twenty lines per run, not one per epoch.
      if (
        epoch > this.lastEpochPrinted &&
        (epoch - this.lastEpochPrinted >= Math.max(1, Math.floor(this.epochs / 20)) || epoch === this.epochs)
      ) {
        this.lastEpochPrinted = epoch;
        this.out.write(
          `  epoch ${epoch}/${this.epochs} loss ${payload.loss} val ${payload.val} val MAE ${payload.mae} ${payload.rate} samples/s ETA ${payload.eta_s}s\n`,
        );
      }
      return;
    }
    if (!this.started) {
      this.bar.start(this.epochs, epoch, payload);
      this.started = true;
    } else {
      this.bar.update(epoch, payload);
    }
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }

  private line(text: string): void {
    if (this.started && this.out.isTTY) {
      this.bar.stop();
      this.started = false;
    }
    this.out.write(`${text}\n`);
  }
}
