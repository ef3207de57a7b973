/** A progress bar on stderr (hosts done, hosts per second, ETA) when it is a terminal; nothing otherwise. */
import cliProgress from 'cli-progress';

export interface Progress {
  tick(): void;
  stop(): void;
}

/** `verb`: what the hosts are going through (a fleet's second pass writes the reports). */
export function progressBar(total: number, enabled: boolean, verb = 'analysing'): Progress {
  if (!enabled || total < 2 || !process.stderr.isTTY) return { tick() {}, stop() {} };
  const color = !process.env.NO_COLOR;
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${verb} {bar} {value}/{total} hosts | {rate} hosts/s | ETA {eta_formatted}`,
      barCompleteChar: color ? '\u2588' : '#',
      barIncompleteChar: color ? '\u2591' : '-',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '0.0' });
  return {
    tick() {
      const done = (bar.getProgress() * total) + 1;
      bar.increment(1, { rate: (done / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}
