import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { ReadingRow } from '../store/store.js';

// The constants live apart so the export route can name the format without loading the writer.
import { PARQUET_ROW_GROUP_ROWS } from './parquet-format.js';

export { PARQUET_MEDIA_TYPE, PARQUET_ROW_GROUP_ROWS } from './parquet-format.js';

const text = (name: string, optional = false): SchemaElement => ({
  name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: optional ? 'OPTIONAL' : 'REQUIRED',
});

/**
 * The Parquet schema of an exported reading: the CSV export's columns in the same order. `ts` is
 * epoch milliseconds, UTC; columns the store may leave null (`location`, `severity`, `score`) are
 * OPTIONAL, the rest REQUIRED.
 * @example
 * READINGS_PARQUET_SCHEMA.slice(1).map((e) => e.name) // ['ts', 'node', …, 'score']
 */
export const READINGS_PARQUET_SCHEMA: readonly SchemaElement[] = [
  { name: 'schema', num_children: 9 },
  // Both annotations: converted_type for older readers, logical_type to say the instant is UTC.
  { name: 'ts', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' }, repetition_type: 'REQUIRED' },
  text('node'), text('sensor'), text('kind'),
  { name: 'value', type: 'DOUBLE', repetition_type: 'REQUIRED' },
  text('unit'), text('location', true), text('severity', true),
  { name: 'score', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
];

/**
 * Receives the file's bytes in order, a row group (or the footer) at a time; the array is the
 * sink's to keep. A returned promise is awaited before the next row group is encoded.
 * @example
 * const sink: ParquetSink = (bytes) => new Promise((done) => file.write(bytes, () => done()));
 */
export type ParquetSink = (bytes: Uint8Array) => void | Promise<void>;

/** A ByteWriter that hands its bytes to a sink after every row group, so no more than one group is ever buffered. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: ParquetSink) {
    super(1 << 20);
  }

  // ParquetWriter calls this after each row group and awaits what it returns.
  flush(): void | Promise<void> {
    if (this.index === 0) return;
    const bytes = this.getBytes().slice(); // a copy: the buffer is reused for the next group
    this.index = 0; // `offset` keeps counting, so the file offsets in the footer stay right
    return this.sink(bytes);
  }

  override finish(): void | Promise<void> {
    return this.flush();
  }
}

type Columns = { ts: number[]; node: string[]; sensor: string[]; kind: string[]; value: number[]; unit: string[]; location: (string | null)[]; severity: (string | null)[]; score: (number | null)[] };
const emptyColumns = (): Columns => ({ ts: [], node: [], sensor: [], kind: [], value: [], unit: [], location: [], severity: [], score: [] });

/**
 * Writes readings as one Parquet file, incrementally: rows are gathered into columns and written
 * as a row group every `rowGroupRows` rows, and each group's bytes go to the sink at once.
 * Calling `end()` with no rows written gives a valid file with the schema and zero row groups.
 * @example
 * const chunks: Uint8Array[] = [];
 * const w = new ReadingsParquetWriter((b) => { chunks.push(b); });
 * await w.write(await store.readings({ from, to }));
 * await w.end(); // chunks now hold the whole file
 */
export class ReadingsParquetWriter {
  private readonly out: SinkWriter;
  private readonly pq: ParquetWriter;
  private readonly rowGroupRows: number;
  private cols = emptyColumns();
  private pending = 0;
  private ended = false;
  /** Rows written so far. */
  rows = 0;
  /** Row groups written so far. */
  rowGroups = 0;

  constructor(sink: ParquetSink, opts: { rowGroupRows?: number } = {}) {
    this.rowGroupRows = opts.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
    if (!Number.isInteger(this.rowGroupRows) || this.rowGroupRows < 1) throw new RangeError(`rowGroupRows must be a positive integer, got ${this.rowGroupRows}`);
    this.out = new SinkWriter(sink);
    this.pq = new ParquetWriter({ writer: this.out, schema: [...READINGS_PARQUET_SCHEMA], codec: 'SNAPPY', createdBy: 'homelab-edge agent-bruno export' });
  }

  /** Bytes handed to the sink or waiting for the next flush. */
  get bytes(): number {
    return this.out.offset;
  }

  /** Adds rows; writes (and flushes) a row group each time `rowGroupRows` have gathered. */
  async write(rows: readonly ReadingRow[]): Promise<void> {
    if (this.ended) throw new Error('ReadingsParquetWriter: write after end');
    for (const r of rows) {
      const c = this.cols; // a fresh set after each group
      c.ts.push(r.ts); c.node.push(r.node); c.sensor.push(r.sensor); c.kind.push(r.kind); c.value.push(r.value);
      c.unit.push(r.unit); c.location.push(r.location ?? null); c.severity.push(r.severity ?? null); c.score.push(r.score ?? null);
      if (++this.pending === this.rowGroupRows) await this.writeGroup();
    }
  }

  /** Writes the last (partial) row group and the footer. */
  async end(): Promise<void> {
    if (this.ended) return;
    if (this.pending > 0) await this.writeGroup();
    this.ended = true;
    await this.pq.finish();
  }

  private async writeGroup(): Promise<void> {
    const c = this.cols;
    const n = this.pending;
    this.cols = emptyColumns();
    this.pending = 0;
    await this.pq.write({
      // Timestamps climb in small steps: delta encoding stores them in about a third of the bytes.
      // The rest: the library's choice (dictionary where it at least halves the size).
      columnData: READINGS_PARQUET_SCHEMA.slice(1).map((e) => ({ name: e.name, data: c[e.name as keyof Columns], ...(e.name === 'ts' ? { encoding: 'DELTA_BINARY_PACKED' as const } : {}) })),
      rowGroupSize: n,
    });
    this.rows += n;
    this.rowGroups++;
  }
}
