/** A problem met while reading input: recorded and reported, never thrown (notatin's Logs model). */
export interface Anomaly {
  /** Stable kebab-case code, e.g. `cell-out-of-bounds`, `reg-syntax`. */
  readonly code: string;
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  /** Structure being read when it happened: `nk`, `vk`, `hbin`, `base-block`, `HvLE`, `line`… */
  readonly structure?: string;
  /** Absolute file offset (binary inputs). */
  readonly offset?: number;
  /** 1-based line and column (text inputs). */
  readonly line?: number;
  readonly column?: number;
}

/** Collects anomalies, capped so a hostile file cannot exhaust memory through them. */
export class AnomalySink {
  readonly items: Anomaly[] = [];
  /** Anomalies dropped after the cap, counted so the report can say so. */
  dropped = 0;
  constructor(private readonly cap = 10_000) {}
  add(a: Anomaly): void {
    if (this.items.length < this.cap) this.items.push(a);
    else this.dropped++;
  }
  get count(): number {
    return this.items.length + this.dropped;
  }
}
