/**
 * Whether two texts that arrive in pieces of different sizes are equal, holding only the part
 * by which one runs ahead of the other: `pns fmt` compares the canonical form it writes with the
 * file it reads, a problem at a time, without holding either whole.
 */
export class SameText {
  private a = "";
  private b = "";
  private differs = false;

  pushA(text: string): void {
    if (this.differs) return;
    this.a += text;
    this.settle();
  }

  pushB(text: string): void {
    if (this.differs) return;
    this.b += text;
    this.settle();
  }

  /** After the last pieces: were the two texts equal? */
  get equal(): boolean {
    return !this.differs && this.a.length === 0 && this.b.length === 0;
  }

  private settle(): void {
    const n = Math.min(this.a.length, this.b.length);
    if (n === 0) return;
    if (this.a.slice(0, n) !== this.b.slice(0, n)) {
      this.differs = true;
      this.a = "";
      this.b = "";
      return;
    }
    this.a = this.a.slice(n);
    this.b = this.b.slice(n);
  }
}
