/**
 * Group commit: requests that arrive while earlier ones are being committed wait, and are then
 * committed together in one transaction, each with its own result. Nothing waits when nothing is
 * in flight, so a lone request is not slowed; under load, one durable commit (one WAL flush,
 * 3.5–4 ms on the development machine) serves many requests instead of one.
 *
 * `commit` gets the group and returns one result per item, in order. When it throws for a group
 * of several, each item is committed again on its own, so one bad item fails only itself.
 */
export class GroupCommit<Item, Result> {
  private readonly queue: { item: Item; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly commit: (items: Item[]) => Promise<Result[]>,
    private readonly options: {
      /** Items per transaction at most (1 turns grouping off). */
      maxItems: number;
      /** Group transactions at once; more requests wait for the next group. */
      maxInFlight: number;
    },
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.inFlight < this.options.maxInFlight) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const group = this.queue.splice(0, this.options.maxItems);
    if (group.length === 0) return;
    this.inFlight++;
    try {
      const results = await this.commitOrIsolate(group.map((g) => g.item));
      group.forEach((g, i) => {
        const result = results[i];
        if (result instanceof Isolated) g.reject(result.error);
        else g.resolve(result as Result);
      });
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) void this.flush();
    }
  }

  private async commitOrIsolate(items: Item[]): Promise<(Result | Isolated)[]> {
    try {
      return await this.commit(items);
    } catch (error) {
      if (items.length === 1) return [new Isolated(error)];
      return Promise.all(
        items.map((item) =>
          this.commit([item]).then(
            (r) => r[0] as Result,
            (e: unknown) => new Isolated(e),
          ),
        ),
      );
    }
  }
}

class Isolated {
  constructor(readonly error: unknown) {}
}
