/** A log destination that keeps every line the server writes, for tests that read the log. */
export class CapturedLog {
  readonly lines: string[] = [];

  /** Pino calls this with one serialized JSON line per entry. */
  write(line: string): void {
    this.lines.push(line);
  }

  get text(): string {
    return this.lines.join('');
  }

  /** The lines that contain `needle`, to show in a failure message. */
  linesWith(needle: string): string[] {
    return this.lines.filter((l) => l.includes(needle));
  }
}
