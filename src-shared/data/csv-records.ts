/**
 * CSV text → records, fed in pieces of any size (a file read chunk by chunk, or a whole string).
 * papaparse does the splitting, with the delimiter and line ends it guesses from the first 1 MB,
 * exactly as `Papa.parse(text)` guesses them from the whole text; the incomplete last record of
 * each piece is held back and parsed again with the next piece, so a quoted cell may span pieces.
 */
import Papa from 'papaparse';

/** Where the records go, in order. Returning false from `record` stops the splitting. */
export interface CsvRecordSink {
  /** One record (its cells, untrimmed) and its spreadsheet row: the first record is row 1. */
  record(cells: string[], row: number): boolean;
  /** What breaks the CSV syntax on `row` (a quote), said to a person; the splitting stops after it. */
  syntaxProblem(row: number, message: string): void;
}

/**
 * papaparse guesses line ends from the first 1 MB and the delimiter from the first 10 rows, so
 * text is held back until this much has come (or the end) before any record is split off.
 */
export const guessChars = 1024 * 1024;
/**
 * A record still open after this many characters is a quote left open (no CSV row is that long):
 * stop instead of re-parsing an ever longer tail with each piece.
 */
export const maxRecordChars = 4_000_000;

interface PapaRecords {
  data: string[][];
  errors: { type: string; message: string; row?: number }[];
  meta: { cursor: number };
}

export class CsvRecordSplitter {
  /** Text received but not yet split: the held-back incomplete record (or the text kept for guessing). */
  private pending = '';
  private parser: Papa.Parser | null = null;
  private receivedAny = false;
  private nextRow = 1;
  private stopped = false;

  /** `guessWindow`: the text to wait for before guessing (less than 1 MB only in tests of piece boundaries). */
  constructor(
    private readonly sink: CsvRecordSink,
    private readonly guessWindow = guessChars,
  ) {}

  /** Feeds the next piece of text; false once the splitting has stopped (the sink or a quote said so). */
  write(text: string): boolean {
    if (this.stopped) return false;
    if (!this.receivedAny && text.length > 0) {
      this.receivedAny = true;
      // A UTF-8 byte order mark is not part of the header (Papa.parse drops it from strings too).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.pending += text;
    if (!this.parser) {
      if (this.pending.length < this.guessWindow) return true;
      this.parser = this.guessParser();
    }
    return this.split(false);
  }

  /** The end of the text: the last record needs no line end; an unclosed quote is reported now. */
  end(): void {
    if (this.stopped) return;
    this.parser ??= this.guessParser();
    this.split(true);
    this.stopped = true;
  }

  /** A parser with the delimiter and line end Papa.parse would pick for this text. */
  private guessParser(): Papa.Parser {
    const { meta } = Papa.parse<string[]>(this.pending.slice(0, guessChars), { header: false, skipEmptyLines: false, dynamicTyping: false, preview: 1 });
    return new Papa.Parser({ delimiter: meta.delimiter, newline: meta.linebreak as Papa.ParseConfig['newline'] });
  }

  private split(final: boolean): boolean {
    const input = this.pending;
    if (input === '') return true;
    const parsed = this.parser!.parse(input, 0, !final) as PapaRecords;
    const records = parsed.data;
    for (let index = 0; index < records.length; index += 1) {
      const row = this.nextRow;
      this.nextRow += 1;
      // 'Delimiter' only says auto-detection fell back to ','; quote errors are real.
      const quote = parsed.errors.find((error) => error.type === 'Quotes' && error.row === index);
      if (quote) return this.stop(() => this.sink.syntaxProblem(row, `${quote.message.replace(/\.$/, '')} (check the quotes on that row)`));
      if (!this.sink.record(records[index]!, row)) return this.stop();
    }
    this.pending = final ? '' : input.slice(parsed.meta.cursor);
    if (this.pending.length > maxRecordChars) {
      const row = this.nextRow;
      return this.stop(() => this.sink.syntaxProblem(row, `the row runs on for more than ${maxRecordChars.toLocaleString('en-US')} characters without a line end outside quotes (check that row's quotes, and that the file is CSV text)`));
    }
    return true;
  }

  private stop(report?: () => void): false {
    this.stopped = true;
    this.pending = '';
    report?.();
    return false;
  }
}
