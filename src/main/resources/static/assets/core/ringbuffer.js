// A fixed-capacity ring of items: appends are O(1), the oldest are dropped once it is full. The logs view keeps
// at most this many lines, so memory stays bounded however long a container talks.

export class RingBuffer {
  constructor(capacity) {
    if (!(capacity > 0)) throw new RangeError('capacity must be positive');
    this.capacity = capacity;
    this.items = new Array(capacity);
    this.start = 0;
    this.length = 0;
    this.dropped = 0; // items pushed out since the last clear
  }

  push(item) {
    if (this.length < this.capacity) {
      this.items[(this.start + this.length) % this.capacity] = item;
      this.length++;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
      this.dropped++;
    }
  }

  pushAll(items) {
    for (const item of items) this.push(item);
  }

  /** The i-th oldest item still held. */
  get(i) {
    if (i < 0 || i >= this.length) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  clear() {
    this.items = new Array(this.capacity);
    this.start = 0;
    this.length = 0;
    this.dropped = 0;
  }

  toArray() {
    const out = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.get(i);
    return out;
  }

  /** Indexes (oldest first) of the items for which test is true. */
  indexesWhere(test) {
    const out = [];
    for (let i = 0; i < this.length; i++) if (test(this.get(i))) out.push(i);
    return out;
  }
}
